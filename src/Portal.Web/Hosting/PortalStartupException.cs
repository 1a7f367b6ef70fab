namespace Portal.Web.Hosting;

/// <summary>A start-up failure with a message meant for the operator reading the console.</summary>
public sealed class PortalStartupException(string message, Exception? inner = null) : Exception(message, inner);
