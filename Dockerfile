# Multi-stage build of the portal. Mirrors the README: build with the .NET 10 SDK, run on the ASP.NET runtime.
# (No Docker engine runs on the development machines here, so this file is kept in step by review, not by a build.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Portal.Web/Portal.Web.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# State (SQLite database, Data Protection key ring) lives in the volume; the image itself stays read-only.
# A deployment talks to real Azure: demo mode (the bundled simulator) is for trying the portal locally.
ENV Portal__DataDirectory=/data \
    Portal__DemoMode=false \
    ASPNETCORE_URLS=http://+:8080
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "Portal.Web.dll", "--healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "Portal.Web.dll"]
