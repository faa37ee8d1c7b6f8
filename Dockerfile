# Multi-stage: build with the SDK, run on the ASP.NET runtime as a non-root user.
# Not buildable on the development machines (no Docker engine there); kept correct by reading.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ServiceTasks/ServiceTasks.csproj src/ServiceTasks/
RUN dotnet restore src/ServiceTasks/ServiceTasks.csproj
COPY src/ src/
RUN dotnet publish src/ServiceTasks/ServiceTasks.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app .
# Production requires DataProtection__CertificatePath (a .pfx mounted from outside the image and the database) and
# DataProtection__CertificatePassword: the certificate that encrypts the Data Protection key ring.
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The image's built-in unprivileged user (uid 1654).
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "ServiceTasks.dll"]
