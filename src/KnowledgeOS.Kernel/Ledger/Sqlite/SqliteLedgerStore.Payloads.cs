namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    private PayloadCodec _codec = new();
    private PayloadDictionaries? _dictionaries;
    private PayloadEncoder? _encoder;

    /// <summary>
    /// The ledger's dictionaries as this connection sees them (listed once, again after this store adds one; each read when
    /// first used).
    /// </summary>
    private PayloadDictionaries Dictionaries => _dictionaries ??= PayloadDictionaries.ReadOnUse(_connection.Handle!);

    /// <summary>A stored payload column as JSON text.</summary>
    private string PayloadText(object value)
    {
        if (value is not byte[] blob)
        {
            return (string)value;
        }

        var text = _codec.Inflate(blob, Dictionaries);
        if (text == PayloadCodec.Damaged && blob.Length > 0 && blob[0] == PayloadCodec.Zstd)
        {
            // Another process may have added the dictionary since this store read them.
            ForgetDictionaries();
            text = _codec.Inflate(blob, Dictionaries);
        }

        return text;
    }

    /// <summary>The payload as it is stored; appending event <paramref name="seq"/> first makes a new dictionary when one is due.</summary>
    private object EncodePayload(long seq, string json)
    {
        if (DictionaryBuilder.DueAt(seq))
        {
            MakeDictionary(seq);
        }

        return Encoder.Encode(json);
    }

    /// <summary>Encodes with the newest intact dictionary.</summary>
    private PayloadEncoder Encoder
    {
        get
        {
            if (_encoder is null)
            {
                var dictionaries = Dictionaries;
                _encoder = new PayloadEncoder(dictionaries.Latest, dictionaries.TryGet(dictionaries.Latest, out var content) ? content : null);
            }

            return _encoder;
        }
    }

    /// <summary>
    /// Inside the write transaction: a dictionary from the payloads of the latest <see cref="DictionaryBuilder.Sample"/>
    /// events before <paramref name="seq"/>, used for the payloads from here on; false when there is too little to learn from.
    /// </summary>
    private bool MakeDictionary(long seq)
    {
        var recent = new List<(string, string)>();
        using (var read = Command("SELECT type, payload FROM events WHERE seq < $s ORDER BY seq DESC LIMIT $n"))
        {
            read.Parameters.AddWithValue("$s", seq);
            read.Parameters.AddWithValue("$n", DictionaryBuilder.Sample);
            using var r = read.ExecuteReader();
            while (r.Read())
            {
                var text = PayloadText(r.GetValue(1));
                if (text != PayloadCodec.Damaged)
                {
                    recent.Add((r.GetString(0), text));
                }
            }
        }

        if (DictionaryBuilder.Build(recent) is not { } content)
        {
            return false;
        }

        using (var insert = Command("INSERT INTO dictionaries (sha256, content, made_at) VALUES ($h, $c, $s)"))
        {
            insert.Parameters.AddWithValue("$h", PayloadDictionaries.Sha256(content));
            insert.Parameters.AddWithValue("$c", content);
            insert.Parameters.AddWithValue("$s", seq);
            insert.ExecuteNonQuery();
        }

        _dictionaries = null;
        _encoder?.Dispose();
        _encoder = null;
        return true;
    }

    /// <summary>A transaction that did not commit may have added a dictionary this store has already read: forget it.</summary>
    private void ForgetDictionaries()
    {
        _dictionaries = null;
        _codec.Dispose();
        _codec = new PayloadCodec();
        _encoder?.Dispose();
        _encoder = null;
    }
}
