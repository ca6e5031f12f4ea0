using System.Globalization;
using System.Text;
using CloudRisPacs.Dicom.Network.Identity;

namespace CloudRisPacs.Edge.Operations;

/// <summary>
/// <c>cloudrispacs-edge hash-passcode [--iterations N]</c>: reads a DICOM user's passcode from standard input (never
/// from the command line, where it would stay in the shell history and the process list) and prints the hash string
/// for <c>EdgeAgent:Dicom:Users:N:PasscodeHash</c>. Only the hash goes to standard output, so it can be captured.
/// </summary>
public static class HashPasscodeCommand
{
    public const string Usage = "usage: cloudrispacs-edge hash-passcode [--iterations N] (the passcode is read from standard input, one line)";

    /// <summary>Runs the command; returns the process exit code (0 printed, 2 bad arguments or no passcode).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (ReadIterations(arguments) is not { } iterations)
        {
            await error.WriteLineAsync($"{Usage}{Environment.NewLine}N is {DicomPasscodeHash.MinimumIterations} to {DicomPasscodeHash.MaximumIterations} " +
                $"(default {DicomPasscodeHash.DefaultIterations}; each association with a passcode costs one hash of N iterations).").ConfigureAwait(false);
            return 2;
        }

        // One line: the end of line is no part of the passcode; spaces are.
        var passcode = await input.ReadLineAsync().ConfigureAwait(false);
        if (string.IsNullOrEmpty(passcode))
        {
            await error.WriteLineAsync($"No passcode on standard input.{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }

        if (Encoding.UTF8.GetByteCount(passcode) > ushort.MaxValue)
        {
            await error.WriteLineAsync($"The passcode is longer than the {ushort.MaxValue} bytes a DICOM user identity can carry.").ConfigureAwait(false);
            return 2;
        }

        await output.WriteLineAsync(DicomPasscodeHash.Create(passcode, iterations)).ConfigureAwait(false);
        return 0;
    }

    private static int? ReadIterations(IReadOnlyList<string> arguments) => arguments switch
    {
        [] => DicomPasscodeHash.DefaultIterations,
        ["--iterations", var text] when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is >= DicomPasscodeHash.MinimumIterations and <= DicomPasscodeHash.MaximumIterations => n,
        _ => null,
    };
}
