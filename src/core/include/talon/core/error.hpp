#pragma once
// Error types shared by every module. Each names what failed so that a user can find the
// bad input (file, line, field) or the broken rule without reading the source.

#include <stdexcept>
#include <string>

namespace talon {

/// Base of every error talon throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Arithmetic that cannot be represented exactly: overflow, division by zero, or an
/// inexact result where the caller asked for exactness.
class ArithmeticError : public Error {
 public:
  using Error::Error;
};

/// Text that does not parse: a number, a timestamp, an id, a configuration value.
class ParseError : public Error {
 public:
  using Error::Error;
};

/// Input data that parses but breaks a rule (high < low, time going backwards, ...).
/// The message names the file, line and field.
class DataError : public Error {
 public:
  using Error::Error;
};

/// A request that the engine refuses: bad configuration, an order that breaks a rule.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

}  // namespace talon
