#pragma once
// Reading data files as users have them: a .zip as data.binance.vision serves it (one CSV
// inside), a .gz, or plain text; and the .CHECKSUM files that come with the zips.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace talon {

/// The most bytes talon reads from one input file after decompression: 2 GiB, or the value
/// of the environment variable TALON_MAX_INPUT_BYTES (a positive integer) when set. Readers
/// stop there with DataError "<file>: larger than the input limit of N bytes ..." instead of
/// reading an endless or decompression-bomb input until memory runs out.
std::uint64_t max_input_bytes();

/// The text of the single file inside a zip archive (libzip; entries that are directories
/// are skipped). Throws Error naming the archive when it cannot be opened, is corrupt (CRC
/// mismatch included), holds no file, or holds more than one file; DataError when the entry
/// declares more than max_input_bytes() or more than deflate can expand its compressed bytes
/// to (a crafted header), before any memory is reserved for it.
std::string read_zip_entry(const std::filesystem::path& zip_path);

/// The text of a data file: the single entry of a .zip (recognised by its "PK\3\4" magic),
/// gunzipped content of a .gz (gzip magic), or the bytes of any other file.
/// Throws Error naming the file when it cannot be read or decompressed, DataError when it
/// holds more than max_input_bytes() (e.g. /dev/zero).
std::string read_data_text(const std::filesystem::path& path);

/// SHA-256 of a file's bytes as 64 lowercase hex digits (OpenSSL EVP, FIPS 180-4).
/// Throws Error naming the file when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

/// SHA-256 of bytes in memory, 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

/// What to do with the `<file>.CHECKSUM` that data.binance.vision puts beside every zip.
enum class ChecksumPolicy {
  IfPresent,  ///< verify when the .CHECKSUM file exists, otherwise read unverified
  Require,    ///< a missing .CHECKSUM file is an error
  Skip,       ///< never look
};

/// The expected digest from a .CHECKSUM file's text, in `sha256sum` format:
/// "<64 hex digits>  <file name>" (one line). Throws DataError naming `source` when the
/// text is not in that format.
std::string parse_checksum_text(std::string_view text, std::string_view source);

/// Verifies `path` against `path + ".CHECKSUM"` as `policy` says. Returns true when the
/// digest was checked and matched, false when there was nothing to check (IfPresent, Skip).
/// Throws DataError "<file>: checksum mismatch: expected <hex>, got <hex>" on a mismatch,
/// DataError when the .CHECKSUM names another file, Error when it is missing under Require.
bool verify_checksum(const std::filesystem::path& path, ChecksumPolicy policy);

}  // namespace talon
