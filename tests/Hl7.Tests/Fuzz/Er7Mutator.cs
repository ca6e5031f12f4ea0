using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Fuzz;

/// <summary>Random byte strings and mutations of the corpus: flips, delimiter storms, cuts, splices, MLLP bytes.</summary>
public sealed class Er7Mutator(Random random)
{
    private static readonly byte[] Interesting = "|^~\\&\r\n#\"MSHPIDX0123456789 "u8.ToArray().Concat(new byte[] { 0x0B, 0x1C, 0x00, 0xFF, 0xC3, 0xA9, 0xE4 }).ToArray();
    private static readonly Lazy<byte[][]> Seeds = new(() => CorpusFiles.All.Select(File.ReadAllBytes).ToArray());

    public byte[] Next()
    {
        var choice = random.Next(10);
        if (choice == 0)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            return bytes;
        }

        if (choice == 1)
        {
            // Random bytes behind a valid-looking header reach the deeper code.
            var tail = new byte[random.Next(0, 300)];
            for (var i = 0; i < tail.Length; i++)
            {
                tail[i] = Interesting[random.Next(Interesting.Length)];
            }

            return "MSH|^~\\&|"u8.ToArray().Concat(tail).ToArray();
        }

        var data = Seeds.Value[random.Next(Seeds.Value.Length)].ToList();
        var mutations = random.Next(1, 6);
        for (var m = 0; m < mutations && data.Count > 0; m++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    data.RemoveRange(at, Math.Min(random.Next(1, 20), data.Count - at));
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 40), data.Count - at);
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 4:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Repeat(Interesting[random.Next(5)], random.Next(1, 50)));
                    break;
                default:
                    var other = Seeds.Value[random.Next(Seeds.Value.Length)];
                    data.InsertRange(at, other.Skip(random.Next(other.Length)).Take(random.Next(1, 200)));
                    break;
            }
        }

        return data.ToArray();
    }
}
