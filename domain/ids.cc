#include "domain/ids.h"

namespace inburgering::domain {

std::string RandomIdGenerator::NewId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string id(20, 'a');
  absl::MutexLock lock(&mu_);
  for (char& c : id) c = kAlphabet[absl::Uniform(gen_, 0, 32)];
  return id;
}

}  // namespace inburgering::domain
