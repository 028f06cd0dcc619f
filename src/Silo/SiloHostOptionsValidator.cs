using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Silo;

/// <summary>Addresses must parse, and an any-address listener must say what to advertise: a silo that
/// advertised 0.0.0.0 would be unreachable to every peer, which shows only as a cluster that never forms.</summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        var failures = new List<string>();
        CheckAddress(failures, nameof(options.ListenAddress), options.ListenAddress);
        CheckAddress(failures, nameof(options.MetricsAddress), options.MetricsAddress);
        CheckAddress(failures, nameof(options.HealthAddress), options.HealthAddress);
        if (options.AdvertisedAddress is { } advertised)
        {
            CheckAddress(failures, nameof(options.AdvertisedAddress), advertised);
            if (IPAddress.TryParse(advertised, out var parsed) && SiloEndpoints.IsAny(parsed))
            {
                failures.Add($"{SiloHostOptions.Section}:{nameof(options.AdvertisedAddress)} cannot be an any-address: peers dial it.");
            }
        }
        else if (!options.Kubernetes && IPAddress.TryParse(options.ListenAddress, out var listen) && SiloEndpoints.IsAny(listen))
        {
            failures.Add($"{SiloHostOptions.Section}:{nameof(options.ListenAddress)} is {options.ListenAddress}: set {SiloHostOptions.Section}:{nameof(options.AdvertisedAddress)} to the address peers reach this silo at.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAddress(List<string> failures, string field, string value)
    {
        if (!IPAddress.TryParse(value, out _))
        {
            failures.Add($"{SiloHostOptions.Section}:{field} '{value}' is not an IP address.");
        }
    }
}
