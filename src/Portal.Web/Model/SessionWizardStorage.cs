using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;

namespace Portal.Web.Model;

/// <summary>The wizard's state in the browser's session storage, encrypted with the portal's Data Protection keys.</summary>
public sealed class SessionWizardStorage(ProtectedSessionStorage storage) : IWizardStorage
{
    public async Task<OnboardingWizardState?> LoadAsync(string key)
    {
        var saved = await storage.GetAsync<OnboardingWizardState>(key);
        return saved.Success ? saved.Value : null;
    }

    public Task SaveAsync(string key, OnboardingWizardState state) => storage.SetAsync(key, state).AsTask();

    public Task DeleteAsync(string key) => storage.DeleteAsync(key).AsTask();
}
