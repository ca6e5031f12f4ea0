using System.Text;
using CloudRisPacs.Dicom.Network.Identity;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Network.Tests.Identity;

/// <summary>The passcode hash string: what it accepts, what it says about a bad one, and that it verifies exactly its passcode.</summary>
public sealed class PasscodeHashTests
{
    // The least work the format allows keeps these tests quick; the cost does not change what is compared.
    private const int Iterations = DicomPasscodeHash.MinimumIterations;

    [Fact]
    public void A_created_hash_reads_back_and_verifies_its_passcode_only()
    {
        var text = DicomPasscodeHash.Create("correct horse", Iterations);

        var hash = DicomPasscodeHash.Parse(text);

        Assert.StartsWith($"pbkdf2-sha256${Iterations}$", text, StringComparison.Ordinal);
        Assert.Equal(text, hash.ToString());
        Assert.True(hash.Verifies(Encoding.UTF8.GetBytes("correct horse")));
        Assert.False(hash.Verifies(Encoding.UTF8.GetBytes("correct horsE")));
        Assert.False(hash.Verifies([]));
        Assert.DoesNotContain("correct horse", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_passcode_hashes_differently_each_time()
    {
        var first = DicomPasscodeHash.Create("same", Iterations);
        var second = DicomPasscodeHash.Create("same", Iterations);

        Assert.NotEqual(first, second);
        Assert.True(DicomPasscodeHash.Parse(second).Verifies("same"u8));
    }

    [Fact]
    public void A_known_vector_verifies()
    {
        // PBKDF2-HMAC-SHA256 of "password" with the salt "saltsalt" and 10000 iterations, computed by an independent
        // implementation (Python's hashlib.pbkdf2_hmac): our hash strings mean what they say to other tools too.
        var hash = DicomPasscodeHash.Parse("pbkdf2-sha256$10000$c2FsdHNhbHQ=$8AsC4H/147lFlEEMCnL1JMziEIWaSGvXLB7jM4MIJaM=");

        Assert.True(hash.Verifies("password"u8));
    }

    [Theory]
    [InlineData("", "is not a passcode hash of the form pbkdf2-sha256$ITERATIONS$SALT$HASH")]
    [InlineData("secret", "is not a passcode hash of the form")]
    [InlineData("sha1$10000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==", "is not a passcode hash of the form")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHQ=", "is not a passcode hash of the form")]
    [InlineData("pbkdf2-sha256$ten$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==", "has the iteration count 'ten'; it must be a whole number from 10000 to 10000000")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==", "has the iteration count '1000'")]
    [InlineData("pbkdf2-sha256$-10000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==", "has the iteration count '-10000'")]
    [InlineData("pbkdf2-sha256$99999999$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==", "has the iteration count '99999999'")]
    [InlineData("pbkdf2-sha256$10000$not base64!$AAAAAAAAAAAAAAAAAAAAAA==", "has a salt that is not base64 of at least 8 bytes")]
    [InlineData("pbkdf2-sha256$10000$c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA==", "has a salt that is not base64 of at least 8 bytes")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHQ=$AAAA", "has a hash that is not base64 of 16 to 64 bytes")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHQ=$%%%%", "has a hash that is not base64 of 16 to 64 bytes")]
    public void A_bad_hash_string_says_what_is_wrong(string text, string expected)
    {
        Assert.False(DicomPasscodeHash.TryParse(text, out var hash, out var problem));
        Assert.Null(hash);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<FormatException>(() => DicomPasscodeHash.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_hash_that_differs_in_any_single_byte_does_not_verify()
    {
        // Verification derives the full hash and compares every byte (FixedTimeEquals): a difference in the first and
        // in the last byte are both found, and neither is found sooner than the other by stopping early.
        var parts = DicomPasscodeHash.Create("passcode", Iterations).Split('$');
        var stored = Convert.FromBase64String(parts[3]);
        foreach (var index in new[] { 0, stored.Length / 2, stored.Length - 1 })
        {
            var changed = (byte[])stored.Clone();
            changed[index] ^= 0x01;
            var text = string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(changed));

            Assert.False(DicomPasscodeHash.Parse(text).Verifies("passcode"u8), $"byte {index} changed");
        }

        Assert.True(DicomPasscodeHash.Parse(string.Join('$', parts)).Verifies("passcode"u8));
    }

    [Fact]
    public void Creating_refuses_too_few_or_too_many_iterations_and_an_empty_passcode()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomPasscodeHash.Create("x", DicomPasscodeHash.MinimumIterations - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomPasscodeHash.Create("x", DicomPasscodeHash.MaximumIterations + 1));
        Assert.Throws<ArgumentException>(() => DicomPasscodeHash.Create(string.Empty, Iterations));
    }

    [Property(MaxTest = 40)]
    public Property A_hash_verifies_its_passcode_and_not_the_passcode_with_anything_appended() =>
        Prop.ForAll(
            ArbMap.Default.GeneratorFor<NonEmptyString>().Zip(ArbMap.Default.GeneratorFor<NonEmptyString>()).ToArbitrary(),
            sample =>
            {
                var (passcode, extra) = (sample.Item1.Get, sample.Item2.Get);
                var hash = DicomPasscodeHash.Parse(DicomPasscodeHash.Create(passcode, Iterations));
                return (hash.Verifies(Encoding.UTF8.GetBytes(passcode)) && !hash.Verifies(Encoding.UTF8.GetBytes(passcode + extra)))
                    .Label($"passcode length {passcode.Length}, appended length {extra.Length}");
            });
}
