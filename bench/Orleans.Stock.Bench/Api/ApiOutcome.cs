using System.Globalization;

namespace Orleans.Stock.Bench.Api;

/// <summary>How one request ended: an HTTP status with the problem's <c>code</c>, or a client-side failure.</summary>
public readonly record struct ApiOutcome(OutcomeKind Kind, int Status, string? Code)
{
    public static readonly ApiOutcome ClientOverload = new(OutcomeKind.ClientOverload, 0, null);
    public static readonly ApiOutcome TimedOut = new(OutcomeKind.Timeout, 0, null);

    public static ApiOutcome Http(int status, string? code = null) => new(OutcomeKind.Http, status, code);

    public static ApiOutcome Transport(string reason) => new(OutcomeKind.Transport, 0, reason);

    public bool IsSuccess => Kind == OutcomeKind.Http && Status is >= 200 and < 300;

    /// <summary>
    /// Whether this counts against the server. A 409 is the business answering (sold out, already
    /// expired) and is expected under contention; anything else that is not 2xx is an error.
    /// </summary>
    public bool IsError => !IsSuccess && !(Kind == OutcomeKind.Http && Status == 409);

    /// <summary>
    /// Whether the server may or may not have applied the request. A 5xx or a lost answer can follow a
    /// commit (the answer is what failed), so the audit must allow either; a 4xx or an unsent request
    /// changed nothing.
    /// </summary>
    public bool EffectUnknown => Kind is OutcomeKind.Timeout or OutcomeKind.Transport
        || (Kind == OutcomeKind.Http && Status >= 500);

    public string Label => Kind switch
    {
        OutcomeKind.Http when Code is null => Status.ToString(CultureInfo.InvariantCulture),
        OutcomeKind.Http => string.Create(CultureInfo.InvariantCulture, $"{Status} {Code}"),
        OutcomeKind.ClientOverload => "client-overload",
        OutcomeKind.Timeout => "timeout",
        _ => $"transport {Code}",
    };
}
