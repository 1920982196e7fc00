namespace KnowledgeOS.Serve.Live;

/// <summary>
/// One ledger event as the live stream sends it: its seq, type and task, and for a task's event the
/// task's card rendered anew (the board moves or replaces it without asking again).
/// </summary>
internal sealed record LiveMessage(long Seq, string Type, string? Task, string? Phase, string? Card);
