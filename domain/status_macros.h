#pragma once

// RETURN_IF_ERROR and ASSIGN_OR_RETURN, spelled like upstream Abseil's (Debian's Abseil 20220623
// lacks them). Both evaluate their argument once.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define INBURGERING_CONCAT_INNER(a, b) a##b
#define INBURGERING_CONCAT(a, b) INBURGERING_CONCAT_INNER(a, b)

#ifndef RETURN_IF_ERROR
#define RETURN_IF_ERROR(expr)                             \
  do {                                                    \
    if (::absl::Status _status = (expr); !_status.ok()) { \
      return _status;                                     \
    }                                                     \
  } while (false)
#endif

#ifndef ASSIGN_OR_RETURN
// `lhs` is a declaration or an lvalue, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ASSIGN_OR_RETURN(lhs, expr) \
  INBURGERING_ASSIGN_OR_RETURN_IMPL(INBURGERING_CONCAT(_statusor_, __LINE__), lhs, expr)
#define INBURGERING_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  if (!statusor.ok()) {                                        \
    return std::move(statusor).status();                       \
  }                                                            \
  lhs = *std::move(statusor)
// NOLINTEND(bugprone-macro-parentheses)
#endif
