using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Watchdogs;

/// <summary>
/// An Entra ID client id is already registered to another tenant. A client id names exactly one tenant: registered in
/// two, a token of that client could not say which tenant it acts for, so the second registration is refused.
/// </summary>
public sealed class ClientRegisteredElsewhereException : InvalidOperationException
{
    public ClientRegisteredElsewhereException()
    {
    }

    public ClientRegisteredElsewhereException(string message)
        : base(message)
    {
    }

    public ClientRegisteredElsewhereException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClientRegisteredElsewhereException(string clientId, TenantId requested, IReadOnlyList<TenantId> registeredTo)
        : base($"Client {clientId} cannot be registered for tenant {requested}: it is already registered for tenant(s) "
            + $"{string.Join(", ", registeredTo)}. Remove that registration first; one client id belongs to one tenant.")
    {
        ClientId = clientId;
        RegisteredTo = registeredTo;
    }

    public string? ClientId { get; }

    public IReadOnlyList<TenantId> RegisteredTo { get; } = [];
}
