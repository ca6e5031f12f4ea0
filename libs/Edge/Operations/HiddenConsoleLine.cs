using System.Text;

namespace CloudRisPacs.Edge.Operations;

/// <summary>
/// Reads one line typed at the terminal without showing it, for <see cref="HashPasscodeCommand"/> when standard input
/// is not redirected (a passcode on the screen is as exposed as one in the shell history).
/// </summary>
public static class HiddenConsoleLine
{
    public static string Read(string prompt)
    {
        Console.Error.Write(prompt);
        var line = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace when line.Length > 0:
                    line.Length--;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
