using System.Diagnostics.CodeAnalysis;

namespace Portal.Domain.Cloud;

/// <summary>The outcome of a cloud call: a value, or a <see cref="CloudError"/> with user-facing guidance. Never both.</summary>
public sealed class CloudResult<T>
{
    private readonly T? _value;

    private CloudResult(T? value, CloudError? error)
    {
        _value = value;
        Error = error;
    }

    public static CloudResult<T> Ok(T value) => new(value, null);

    public static CloudResult<T> Fail(CloudError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The error when the call failed; null on success.</summary>
    public CloudError? Error { get; }

    /// <summary>The value; throws <see cref="InvalidOperationException"/> (with the error's code, never a secret) when the call failed.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The cloud call failed ({Error.Code}): {Error.Meaning}");

    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsSuccess;
    }

    public CloudResult<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? CloudResult<TOut>.Ok(map(_value!)) : CloudResult<TOut>.Fail(Error);

    public TOut Match<TOut>(Func<T, TOut> ok, Func<CloudError, TOut> fail) => IsSuccess ? ok(_value!) : fail(Error);

    public static implicit operator CloudResult<T>(CloudError error) => Fail(error);

    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"Fail({Error.Code})";
}
