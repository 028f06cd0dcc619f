using Npgsql;

namespace Orleans.Stock.Api.Access;

/// <summary>The <c>api_keys</c> table (scripts/sql/050_api_keys.sql).</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = "id, name, scope, requests_per_second, created_at, revoked_at";

    public async Task<ApiKey> CreateAsync(string name, string scope, int? requestsPerSecond, string secret, CancellationToken cancellationToken)
    {
        var key = new ApiKey(ApiKeySecret.NewId(), name, scope, requestsPerSecond, time.GetUtcNow().UtcDateTime, null);
        await using var command = dataSource.CreateCommand(
            "insert into api_keys (id, name, scope, secret_hash, requests_per_second, created_at) values ($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new() { Value = key.Id });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = scope });
        command.Parameters.Add(new() { Value = ApiKeySecret.Hash(secret) });
        command.Parameters.Add(new() { Value = (object?)requestsPerSecond ?? DBNull.Value });
        command.Parameters.Add(new() { Value = key.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return key;
    }

    /// <summary>The live key whose secret hashes to <paramref name="hash"/>, or null.</summary>
    public async Task<ApiKey?> FindLiveAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from api_keys where secret_hash = $1 and revoked_at is null");
        command.Parameters.Add(new() { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from api_keys order by created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <returns>False when no key has that id.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update api_keys set revoked_at = coalesce(revoked_at, $2) where id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = time.GetUtcNow().UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static ApiKey Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3),
        reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetDateTime(5));
}
