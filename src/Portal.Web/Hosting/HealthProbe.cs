namespace Portal.Web.Hosting;

/// <summary>Exit code 0 when the portal at the URL answers healthy; used by the Dockerfile's HEALTHCHECK.</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            Console.Error.WriteLine($"Health check failed: {ex.Message}");
            return 1;
        }
    }
}
