// An element-only content model (XML Schema particles: elements, sequences,
// choices, each with its occurrence range) compiled into a deterministic
// automaton over the child elements' names, for validation without Xerces
// (native_schema.h). A bounded maxOccurs is unrolled, so a model only
// compiles up to a size; larger ones are left to Xerces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace gw::xml {

struct ContentParticle {
  enum class Kind { kElement, kSequence, kChoice };
  Kind kind = Kind::kElement;
  std::size_t symbol = 0;              // kElement: the child's name, numbered by the caller
  std::vector<ContentParticle> parts;  // kSequence, kChoice
  std::size_t min_occurs = 1;
  std::size_t max_occurs = 1;  // ignored when unbounded
  bool unbounded = false;
};

class ContentAutomaton {
 public:
  static constexpr std::int32_t kRefused = -1;

  // Nothing when the model is too large to unroll (or refers to a symbol
  // at or above `symbols`).
  static std::optional<ContentAutomaton> compile(const ContentParticle& model, std::size_t symbols);

  std::int32_t start() const { return 0; }
  // The state after child `symbol` in `state`; kRefused when it may not come there.
  std::int32_t step(std::int32_t state, std::size_t symbol) const {
    return table_[static_cast<std::size_t>(state) * symbols_ + symbol];
  }
  // Whether the content may end in `state`.
  bool accepts(std::int32_t state) const { return accepting_[static_cast<std::size_t>(state)]; }
  std::size_t states() const { return accepting_.size(); }

 private:
  std::size_t symbols_ = 0;
  std::vector<std::int32_t> table_;  // states x symbols
  std::vector<bool> accepting_;
};

}  // namespace gw::xml
