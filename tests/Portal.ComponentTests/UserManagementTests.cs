using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Identity;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;
using Portal.Web.Components.Account;
using Portal.Web.Components.Pages;
using Portal.Web.Model;

namespace Portal.ComponentTests;

/// <summary>Settings' user management (view model, page and dialogs) and the own-password change, on the real Identity store.</summary>
public sealed class UserManagementTests
{
    private const string Admin = "admin@component.test";

    private static async Task<bool> PasswordWorks(PortalTestContext ctx, string email, string password)
    {
        await using var scope = ctx.Portal.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(PortalTestContext ctx, string action) =>
        (await ctx.Service<IAuditLog>().QueryAsync(new() { Action = action, PageSize = 50 })).Items;

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_demoted_disabled_nor_deleted_and_each_refusal_is_audited()
    {
        await using var ctx = await PortalBunit.CreateAsync("Admin");
        var second = await ctx.AddUserAsync("second-admin@component.test", "Admin");
        await ctx.SignInAsync(second);
        var view = new UserManagementView(ctx.Service<PortalUserService>(), second, "10.0.0.9");
        await view.LoadAsync();
        var first = view.Users.Single(u => u.Email == Admin);

        // With two enabled admins, one may be disabled ...
        Assert.Null(await view.DisableAsync(first));
        Assert.True(view.Users.Single(u => u.Email == Admin).IsDisabled);
        // ... but then the other is the last enabled one: it keeps its role, and cannot disable or delete itself anyway.
        var self = view.Users.Single(u => u.Email == second);
        Assert.Equal(PortalUserService.LastAdminMessage, await view.SetRoleAsync(self, "Viewer"));
        Assert.True(view.MessageIsError);
        Assert.Equal("Admin", view.Users.Single(u => u.Email == second).Role);
        Assert.Equal("You cannot delete your own account.", await view.DeleteAsync(self));

        // The disabled admin does not count: an Admin-role user who is disabled can be deleted, the enabled one stays.
        Assert.Null(await view.DeleteAsync(view.Users.Single(u => u.Email == Admin)));
        Assert.DoesNotContain(view.Users, u => u.Email == Admin);

        var refusals = await AuditAsync(ctx, "user.role");
        Assert.Contains(refusals, e => e.Outcome == AuditOutcome.Denied && e.Actor == second && e.Detail == PortalUserService.LastAdminMessage);
        Assert.Contains(await AuditAsync(ctx, "user.disable"), e => e.Outcome == AuditOutcome.Succeeded && e.Target == Admin && e.Source == "10.0.0.9");
        Assert.Contains(await AuditAsync(ctx, "user.delete"), e => e.Outcome == AuditOutcome.Succeeded && e.Target == Admin);
    }

    [Fact]
    public async Task Disabling_a_user_refuses_their_api_tokens_and_enabling_restores_them_deleting_revokes_them()
    {
        await using var ctx = await PortalBunit.CreateAsync("Admin");
        var analyst = await ctx.AddUserAsync("analyst@component.test", "Analyst");
        var tokens = ctx.Service<ApiTokenService>();
        var created = await tokens.CreateAsync("soar", "Analyst", null, analyst, null);
        var view = new UserManagementView(ctx.Service<PortalUserService>(), Admin, null);
        await view.LoadAsync();
        var row = view.Users.Single(u => u.Email == analyst);

        Assert.Null(await view.DisableAsync(row));
        Assert.Equal($"{analyst} disabled: they cannot sign in and their API tokens are refused.", view.Message);
        Assert.Equal("Disabled", UserManagementView.StatusOf(view.Users.Single(u => u.Email == analyst)));
        Assert.True(await ctx.Service<PortalUserService>().IsDisabledAsync(analyst));
        // The token itself is still valid; the authentication handler refuses it because its creator is disabled.
        Assert.Equal(TokenCheck.Valid, (await tokens.ValidateAsync(created.Secret)).Result);

        Assert.Null(await view.EnableAsync(view.Users.Single(u => u.Email == analyst)));
        Assert.False(await ctx.Service<PortalUserService>().IsDisabledAsync(analyst));

        Assert.Null(await view.DeleteAsync(view.Users.Single(u => u.Email == analyst)));
        Assert.Equal(TokenCheck.Revoked, (await tokens.ValidateAsync(created.Secret)).Result);
        Assert.Contains(await AuditAsync(ctx, "user.delete"), e => e.Target == analyst && e.Detail!.Contains("1 API token(s)"));
    }

    [Fact]
    public async Task Reset_password_dialog_applies_the_password_rules_and_the_new_password_works()
    {
        await using var ctx = await PortalBunit.CreateAsync("Admin");
        var viewer = await ctx.AddUserAsync("viewer@component.test", "Viewer");
        var page = ctx.Render<Settings>();
        var row = page.FindAll("tr").Single(r => r.TextContent.Contains(viewer));
        row.QuerySelector("[data-testid=user-actions] button")!.Click();
        ctx.Popovers.WaitForElement("[data-testid=user-action-reset]").Click();

        var dialog = ctx.Dialogs.WaitForElement("[data-testid=reset-password-dialog]");
        ctx.Dialogs.Find("[data-testid=reset-password] input, input[data-testid=reset-password]").Input("Short1");
        ctx.Dialogs.Find("[data-testid=reset-password-confirm] input, input[data-testid=reset-password-confirm]").Input("Short1");
        ctx.Dialogs.Find("[data-testid=confirm-action]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Contains("at least 12 characters", ctx.Dialogs.Find("[data-testid=dialog-error]").TextContent));

        ctx.Dialogs.Find("[data-testid=reset-password] input, input[data-testid=reset-password]").Input("Fresh-Passw0rd-2026");
        ctx.Dialogs.Find("[data-testid=reset-password-confirm] input, input[data-testid=reset-password-confirm]").Input("Fresh-Passw0rd-2026");
        ctx.Dialogs.Find("[data-testid=confirm-action]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Empty(ctx.Dialogs.FindAll("[data-testid=reset-password-dialog]")));
        page.WaitForAssertion(() => Assert.Contains($"Password of {viewer} reset", page.Find("[data-testid=user-message]").TextContent));
        Assert.True(await PasswordWorks(ctx, viewer, "Fresh-Passw0rd-2026"));
        Assert.False(await PasswordWorks(ctx, viewer, PortalBunit.Password));
        Assert.Contains(await AuditAsync(ctx, "user.reset-password"), e => e.Outcome == AuditOutcome.Succeeded && e.Target == viewer);
        Assert.DoesNotContain(await AuditAsync(ctx, "user.reset-password"), e => (e.Detail ?? "").Contains("Fresh-Passw0rd"));
    }

    [Fact]
    public async Task Settings_page_disables_a_user_through_the_confirmation_and_refuses_demoting_the_last_admin_in_the_dialog()
    {
        await using var ctx = await PortalBunit.CreateAsync("Admin");
        var analyst = await ctx.AddUserAsync("analyst@component.test", "Analyst");
        var page = ctx.Render<Settings>();

        // Own row: no disable or delete on offer.
        page.FindAll("tr").Single(r => r.TextContent.Contains(Admin)).QuerySelector("[data-testid=user-actions] button")!.Click();
        ctx.Popovers.WaitForElement("[data-testid=user-action-role]");
        Assert.Empty(ctx.Popovers.FindAll("[data-testid=user-action-disable]"));
        Assert.Empty(ctx.Popovers.FindAll("[data-testid=user-action-delete]"));
        ctx.Popovers.Find("[data-testid=user-action-role]").Click();
        ctx.Dialogs.WaitForElement("[data-testid=change-role-dialog]");
        ctx.Dialogs.Find("[data-testid=role-viewer]").Click();
        ctx.Dialogs.Find("[data-testid=confirm-action]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Equal(PortalUserService.LastAdminMessage, ctx.Dialogs.Find("[data-testid=dialog-error]").TextContent.Trim()));
        ctx.Dialogs.Find("[data-testid=dialog-cancel]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Empty(ctx.Dialogs.FindAll("[data-testid=change-role-dialog]")));

        // Another user: Disable asks first, then the row says so.
        page.FindAll("tr").Single(r => r.TextContent.Contains(analyst)).QuerySelector("[data-testid=user-actions] button")!.Click();
        ctx.Popovers.WaitForElement("[data-testid=user-action-disable]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Contains("API tokens they created are refused", ctx.Dialogs.Find("[data-testid=confirm-dialog]").TextContent));
        ctx.Dialogs.Find("[data-testid=confirm-action]").Click();
        page.WaitForAssertion(() => Assert.Equal("Disabled", page.FindAll("tr").Single(r => r.TextContent.Contains(analyst)).QuerySelector("[data-testid=user-status]")!.TextContent.Trim()));
        Assert.True(await ctx.Service<PortalUserService>().IsDisabledAsync(analyst));
    }

    [Fact]
    public async Task Changing_the_own_password_with_a_wrong_current_password_shows_the_error_and_changes_nothing()
    {
        await using var ctx = await PortalBunit.CreateAsync("Analyst");
        var http = new DefaultHttpContext { User = ctx.User, RequestServices = ctx.Services };
        var page = ctx.Render<CascadingValue<HttpContext>>(p => p.Add(x => x.Value, http).Add(x => x.IsFixed, true)
            .AddChildContent<ChangePassword>());

        page.Find("#current").Change("not-my-password");
        page.Find("#new").Change("Brand-New-Passw0rd");
        page.Find("#confirm").Change("Brand-New-Passw0rd");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Equal("The current password is not correct.", page.Find("[data-testid=change-password-error]").TextContent.Trim()));
        Assert.True(await PasswordWorks(ctx, "analyst@component.test", PortalBunit.Password));
        Assert.Contains(await AuditAsync(ctx, "user.change-password"), e => e.Outcome == AuditOutcome.Failed && e.Actor == "analyst@component.test");

        // A mismatched confirmation is caught before Identity is asked.
        page.Find("#current").Change(PortalBunit.Password);
        page.Find("#new").Change("Brand-New-Passw0rd");
        page.Find("#confirm").Change("Brand-New-Passw0rd-typo");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Equal("The new password and its confirmation do not match.", page.Find("[data-testid=change-password-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task Own_password_change_follows_identitys_rules_and_the_new_password_works()
    {
        await using var ctx = await PortalBunit.CreateAsync("Viewer");
        var users = ctx.Service<PortalUserService>();
        var me = (await users.ListAsync()).Single(u => u.Email == "viewer@component.test");
        Assert.Contains("at least 12 characters", await users.ChangeOwnPasswordAsync(me.Id, PortalBunit.Password, "short", "short", null));
        Assert.Null(await users.ChangeOwnPasswordAsync(me.Id, PortalBunit.Password, "Viewer-New-Passw0rd", "Viewer-New-Passw0rd", null));
        Assert.True(await PasswordWorks(ctx, me.Email, "Viewer-New-Passw0rd"));
        Assert.Contains(await AuditAsync(ctx, "user.change-password"), e => e.Outcome == AuditOutcome.Succeeded && e.Actor == me.Email);
    }
}
