using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>An invited user's first visit: the same token flow as a reset, worded as a welcome.</summary>
public sealed class AcceptInvitationModel(UserManager<PortalUser> users) : ResetPasswordModel(users)
{
    public override string Heading => "Welcome: choose your password";
}
