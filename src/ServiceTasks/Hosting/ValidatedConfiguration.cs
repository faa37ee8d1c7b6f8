using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Hosting;

/// <summary>
/// The few settings needed before the service container exists (which roles this process plays, where the local
/// cluster lives, the key-ring certificate) are bound here, checked with the same data annotations that
/// <c>ValidateOnStart</c> applies to the injected copy, so a bad value fails the start either way.
/// </summary>
internal static class ValidatedConfiguration
{
    public static T GetValidated<T>(this IConfiguration configuration, string section) where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            throw new OptionsValidationException(section, typeof(T), results.Select(r => $"{section}: {r.ErrorMessage}"));
        return options;
    }

    /// <summary>Binds <typeparamref name="T"/> to its section once, validated at start, for injection as IOptions.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
