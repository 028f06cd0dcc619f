using Npgsql;

namespace Orleans.Stock.Engines.Sql;

/// <summary>One statement of an <see cref="NpgsqlBatch"/> with positional parameters (<c>$1</c>, <c>$2</c>, ...).</summary>
internal static class SqlBatchCommands
{
    public static NpgsqlBatchCommand Of(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
