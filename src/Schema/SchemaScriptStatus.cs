namespace Orleans.Stock.Schema;

/// <summary>A script and whether the database has it applied as it is now.</summary>
public sealed record SchemaScriptStatus(SchemaScript Script, bool Applied);
