using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines;

/// <summary>Registers settings that an operator may change in a config file while the service runs.</summary>
public static class LiveOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validates it at start and on
    /// every reload, and serves it through a <see cref="LastValidOptionsMonitor{TOptions}"/>, so a
    /// reload that fails validation is logged and ignored.
    /// </summary>
    public static OptionsBuilder<TOptions> AddLiveOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddSingleton<IOptionsMonitor<TOptions>, LastValidOptionsMonitor<TOptions>>();
        return services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
