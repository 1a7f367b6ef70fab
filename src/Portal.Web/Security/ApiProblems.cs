using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Security;

/// <summary>RFC 9457 problem details with a machine-readable <c>code</c> extension.</summary>
public static class ApiProblems
{
    public static ProblemDetails Create(int status, string title, string detail, string code)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        problem.Extensions["code"] = code;
        return problem;
    }

    public static Task Write(HttpContext context, int status, string title, string detail, string code)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(status, title, detail, code), (System.Text.Json.JsonSerializerOptions?)null,
            contentType: "application/problem+json");
    }

    public static IResult Result(int status, string title, string detail, string code) =>
        Results.Problem(Create(status, title, detail, code));
}
