using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;
using Portal.Web.Components.Pages;
using Portal.Web.Model;
using Portal.Web.Security;

namespace Portal.ComponentTests;

/// <summary>The onboarding wizard rendered with bUnit on MudBlazor, checking credentials for real against AzureSim over HTTPS
/// through the Azure connector.</summary>
public sealed class OnboardingWizardTests(PortalWorld world) : IClassFixture<PortalWorld>
{
    private static readonly TimeSpan AzureTimeout = TimeSpan.FromSeconds(60);

    private async Task<(BunitContext Ctx, IRenderedComponent<Onboarding> Cut)> OpenAsync()
    {
        var ctx = world.Context(PortalPolicies.Admin, PortalPolicies.Analyst, PortalPolicies.Viewer);
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<Onboarding>();
        await Task.Yield();
        return (ctx, cut);
    }

    private static IElement Next(IRenderedComponent<Onboarding> cut) => cut.Find("[data-testid=wizard-next]");

    private static void Type(IRenderedComponent<Onboarding> cut, string testId, string value) => cut.Find($"[data-testid={testId}]").Change(value);

    private void EnterCredential(IRenderedComponent<Onboarding> cut, string client, string secret)
    {
        Type(cut, "acct-name", "Component test");
        Type(cut, "tenant-id", world.Sim.TenantId);
        Type(cut, "client-id", client);
        Type(cut, "client-secret", secret);
    }

    [Fact]
    public async Task A_wrong_secret_keeps_the_credentials_step_open_with_AADSTS7000215_its_fix_and_the_secret_field_marked()
    {
        var (ctx, cut) = await OpenAsync();
        await using var _ = ctx;
        Next(cut).Click();
        cut.WaitForAssertion(() => Assert.Contains("Credentials", cut.Find(".mud-step.active").TextContent));

        EnterCredential(cut, world.Sim.Client("fabrikam-portal-responder").ClientId, "Wr0ngQ~this-is-not-the-secret-of-this-app");
        Assert.False(Next(cut).HasAttribute("disabled"));
        Next(cut).Click();

        cut.WaitForAssertion(() => Assert.Equal("AADSTS7000215", cut.Find("[data-testid=wizard-error-code]").TextContent.Trim()), AzureTimeout);
        // One error: the connector's code, what it means, and the fix; never the generic form message or a button that is not there.
        Assert.Single(cut.FindAll("[data-testid=wizard-error]"));
        var error = cut.Find("[data-testid=wizard-error]").TextContent;
        Assert.Contains(CloudErrorCatalog.Create(CloudErrorCodes.InvalidClientSecret, "").Fix, error);
        Assert.StartsWith("Fix:", cut.Find("[data-testid=wizard-error-fix]").TextContent.Trim());
        Assert.DoesNotContain("InvalidInput", error);
        Assert.DoesNotContain("Check access", error);
        Assert.DoesNotContain("Wr0ngQ~", error);
        // Not complete, Next disabled, still on Credentials; the secret field is marked with the code.
        var active = cut.Find(".mud-step.active");
        Assert.Contains("Credentials", active.TextContent);
        Assert.DoesNotContain("mud-step-completed", active.ClassName);
        Assert.Contains("mud-step-error", active.ClassName);
        Assert.True(Next(cut).HasAttribute("disabled"));
        var secretControl = cut.Find("[data-testid=client-secret]").Closest(".mud-input-control")!;
        Assert.Contains("AADSTS7000215", secretControl.TextContent);
        Assert.NotNull(secretControl.QuerySelector(".mud-input-error"));
        var tenantControl = cut.Find("[data-testid=tenant-id]").Closest(".mud-input-control")!;
        Assert.Null(tenantControl.QuerySelector(".mud-input-error"));

        // Typing a new secret lifts the block and the stale error.
        Type(cut, "client-secret", "Wr0ngQ~another-attempt");
        cut.WaitForAssertion(() => Assert.False(Next(cut).HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("[data-testid=wizard-error]"));
    }

    [Fact]
    public async Task A_passing_check_lists_the_subscriptions_and_completes_the_credentials_step()
    {
        var (ctx, cut) = await OpenAsync();
        await using var _ = ctx;
        Next(cut).Click();
        var responder = world.Sim.Client("fabrikam-portal-responder");
        EnterCredential(cut, responder.ClientId, responder.Secret);
        Next(cut).Click();

        cut.WaitForAssertion(() => Assert.Contains("Validate", cut.Find(".mud-step.active").TextContent), AzureTimeout);
        Assert.Contains(world.Sim.SubscriptionId, cut.Find("[data-testid=subscriptions]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=token-ok]"));
        var credentials = cut.FindAll(".mud-stepper-nav .mud-step").Single(s => s.TextContent.Contains("Credentials"));
        Assert.Contains("mud-step-completed", credentials.ClassName);
        Assert.Empty(cut.FindAll("[data-testid=wizard-error]"));
        // Next waits for the access check, and says so on this screen.
        Assert.True(Next(cut).HasAttribute("disabled"));
        Assert.Contains("Check access", cut.Find("[data-testid=wizard-next-hint]").TextContent);

        cut.Find("[data-testid=check-access]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Ready", cut.Find("[data-testid=readiness-Hosts]").TextContent), AzureTimeout);
        cut.WaitForAssertion(() => Assert.False(Next(cut).HasAttribute("disabled")));
    }

    [Fact]
    public async Task The_steps_are_numbered_as_shown_also_when_editing()
    {
        var (ctx, cut) = await OpenAsync();
        await using var _ = ctx;
        Assert.Equal(["1Features", "2Credentials", "3Validate", "4Syncpolicy", "5Review"],
            cut.FindAll(".mud-stepper-nav .mud-step").Select(s => string.Concat(s.TextContent.Where(c => !char.IsWhiteSpace(c)))));

        var account = new CloudAccount { Id = Guid.NewGuid(), Name = "Editing", TenantId = world.Sim.TenantId, ClientId = "c", Features = [CloudFeature.Hosts] };
        var wizard = NewWizard();
        wizard.Open(account);
        Assert.Equal([WizardStep.Features, WizardStep.Credentials, WizardStep.Policy, WizardStep.Review], wizard.Steps);
        Assert.Equal([1, 2, 3, 4], wizard.Steps.Select(wizard.StepNumber));
    }

    [Fact]
    public void The_sync_policy_step_refuses_an_empty_region_choice_and_accepts_Off()
    {
        var wizard = NewWizard();
        wizard.State.Step = WizardStep.Policy;
        wizard.State.AvailableRegions = ["eastus", "westeurope"];
        Assert.True(wizard.CanGoNext);

        wizard.SetAllRegions(false);
        Assert.Equal(["eastus", "westeurope"], wizard.State.SelectedRegions!.Order());
        wizard.ToggleRegion("eastus", false);
        wizard.ToggleRegion("westeurope", false);
        Assert.False(wizard.CanGoNext);
        Assert.Contains("Choose at least one region", wizard.NextHint);
        Assert.Contains("Choose at least one region", Assert.Single(wizard.PolicyIssues));

        wizard.ToggleRegion("westeurope", true);
        wizard.State.ResourceSyncMinutes = 0;   // Off is a frequency
        Assert.True(wizard.CanGoNext);
        Assert.Equal(0, wizard.State.Policy.ResourceSyncMinutes);
        Assert.Equal("Off", OnboardingWizardState.Frequency(0));

        wizard.State.HostSyncMinutes = 3;       // not on the list (e.g. a stale saved state)
        Assert.False(wizard.CanGoNext);
        Assert.Contains("Host sync", Assert.Single(wizard.PolicyIssues));
    }

    [Fact]
    public async Task Back_keeps_the_values_and_a_failed_check_never_completes_the_step_in_the_view_model()
    {
        var wizard = NewWizard();
        await wizard.NextAsync();
        Assert.Equal(WizardStep.Credentials, wizard.State.Step);
        wizard.SetName("Kept");
        wizard.SetTenantId(world.Sim.TenantId);
        wizard.SetClientId(Guid.NewGuid().ToString());           // no such application
        wizard.SetSecret("Wr0ngQ~whatever-the-secret");
        await wizard.NextAsync();
        Assert.Equal(WizardStep.Credentials, wizard.State.Step);
        Assert.Equal("AADSTS700016", wizard.Problem!.Code);
        Assert.Equal(CredentialField.ClientId, wizard.ProblemField);
        Assert.False(wizard.IsComplete(WizardStep.Credentials));
        Assert.False(wizard.CanGoNext);

        await wizard.BackAsync();
        Assert.Equal(WizardStep.Features, wizard.State.Step);
        Assert.Null(wizard.Problem);
        await wizard.NextAsync();
        Assert.Equal("Kept", wizard.State.Name);
        Assert.Equal(world.Sim.TenantId, wizard.State.TenantId);
    }

    private OnboardingWizard NewWizard() =>
        new(world.Get<OnboardingService>(), world.Get<SyncNowService>(), world.Get<SyncProgressBoard>(), new MemoryWizardStorage());

    /// <summary>The browser's session storage stands in for a plain dictionary here (the page's adapter is ProtectedSessionStorage).</summary>
    private sealed class MemoryWizardStorage : IWizardStorage
    {
        private readonly Dictionary<string, string> _saved = [];
        public Task<OnboardingWizardState?> LoadAsync(string key) =>
            Task.FromResult(_saved.TryGetValue(key, out var json) ? System.Text.Json.JsonSerializer.Deserialize<OnboardingWizardState>(json) : null);
        public Task SaveAsync(string key, OnboardingWizardState state) { _saved[key] = System.Text.Json.JsonSerializer.Serialize(state); return Task.CompletedTask; }
        public Task DeleteAsync(string key) { _saved.Remove(key); return Task.CompletedTask; }
    }
}
