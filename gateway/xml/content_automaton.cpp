#include "xml/content_automaton.h"

#include <algorithm>
#include <map>

namespace gw::xml {
namespace {

// Limits that keep a hostile or unusual schema from costing much at start-up.
constexpr std::size_t kMaxNfaStates = 1 << 16;
constexpr std::size_t kMaxDfaStates = 1 << 12;

// Thompson's construction: states with empty moves and moves on one symbol.
struct Nfa {
  struct State {
    std::vector<std::size_t> empty;
    std::vector<std::pair<std::size_t, std::size_t>> on;  // (symbol, target)
  };
  std::vector<State> states;
  bool too_large = false;

  std::size_t add() {
    if (states.size() >= kMaxNfaStates) too_large = true;
    states.emplace_back();
    return states.size() - 1;
  }
  struct Fragment {
    std::size_t in;
    std::size_t out;
  };

  Fragment once(const ContentParticle& p) {
    const std::size_t in = add();
    if (too_large) return {in, in};
    switch (p.kind) {
      case ContentParticle::Kind::kElement: {
        const std::size_t out = add();
        states[in].on.emplace_back(p.symbol, out);
        return {in, out};
      }
      case ContentParticle::Kind::kSequence: {
        std::size_t at = in;
        for (const ContentParticle& part : p.parts) {
          const Fragment f = occurrences(part);
          if (too_large) return {in, in};
          states[at].empty.push_back(f.in);
          at = f.out;
        }
        return {in, at};
      }
      case ContentParticle::Kind::kChoice: {
        const std::size_t out = add();
        for (const ContentParticle& part : p.parts) {
          const Fragment f = occurrences(part);
          if (too_large) return {in, in};
          states[in].empty.push_back(f.in);
          states[f.out].empty.push_back(out);
        }
        return {in, out};
      }
    }
    return {in, in};
  }

  // `p` min_occurs times, then up to max_occurs (or any number) more.
  Fragment occurrences(const ContentParticle& p) {
    const std::size_t in = add();
    std::size_t at = in;
    for (std::size_t i = 0; i < p.min_occurs && !too_large; ++i) {
      const Fragment f = once(p);
      states[at].empty.push_back(f.in);
      at = f.out;
    }
    if (p.unbounded) {
      const Fragment f = once(p);
      if (too_large) return {in, in};
      const std::size_t out = add();
      states[at].empty.push_back(f.in);
      states[at].empty.push_back(out);
      states[f.out].empty.push_back(f.in);
      states[f.out].empty.push_back(out);
      return {in, out};
    }
    const std::size_t out = add();
    for (std::size_t i = p.min_occurs; i < p.max_occurs && !too_large; ++i) {
      const Fragment f = once(p);
      states[at].empty.push_back(f.in);
      states[at].empty.push_back(out);  // no more of them
      at = f.out;
    }
    if (!too_large) states[at].empty.push_back(out);
    return {in, out};
  }

  std::vector<std::size_t> closure(std::vector<std::size_t> set) const {
    std::vector<bool> seen(states.size());
    std::vector<std::size_t> unexpanded = set;  // reached, empty moves not yet followed
    for (const std::size_t s : set) seen[s] = true;
    while (!unexpanded.empty()) {
      const std::size_t s = unexpanded.back();
      unexpanded.pop_back();
      for (const std::size_t t : states[s].empty) {
        if (!seen[t]) {
          seen[t] = true;
          set.push_back(t);
          unexpanded.push_back(t);
        }
      }
    }
    std::sort(set.begin(), set.end());
    return set;
  }
};

bool symbols_below(const ContentParticle& p, std::size_t symbols) {
  if (p.kind == ContentParticle::Kind::kElement) return p.symbol < symbols;
  return std::all_of(p.parts.begin(), p.parts.end(),
                     [&](const ContentParticle& part) { return symbols_below(part, symbols); });
}

}  // namespace

std::optional<ContentAutomaton> ContentAutomaton::compile(const ContentParticle& model,
                                                          std::size_t symbols) {
  if (!symbols_below(model, symbols)) return std::nullopt;
  Nfa nfa;
  const Nfa::Fragment whole = nfa.occurrences(model);
  if (nfa.too_large) return std::nullopt;

  // The subset construction, breadth first from the start.
  ContentAutomaton out;
  out.symbols_ = symbols;
  std::map<std::vector<std::size_t>, std::int32_t> numbered;
  std::vector<std::vector<std::size_t>> sets{nfa.closure({whole.in})};
  numbered.emplace(sets.front(), 0);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::vector<std::size_t> set = sets[i];  // sets grows below
    out.accepting_.push_back(std::binary_search(set.begin(), set.end(), whole.out));
    for (std::size_t symbol = 0; symbol < symbols; ++symbol) {
      std::vector<std::size_t> moved;
      for (const std::size_t s : set) {
        for (const auto& [on, target] : nfa.states[s].on) {
          if (on == symbol) moved.push_back(target);
        }
      }
      std::int32_t target = kRefused;
      if (!moved.empty()) {
        auto next = nfa.closure(std::move(moved));
        auto [found, added] = numbered.emplace(next, static_cast<std::int32_t>(sets.size()));
        if (added) {
          if (sets.size() >= kMaxDfaStates) return std::nullopt;
          sets.push_back(std::move(next));
        }
        target = found->second;
      }
      out.table_.push_back(target);
    }
  }
  return out;
}

}  // namespace gw::xml
