// Compiled grammars are leased, never shared between parses at once: Xerces
// completes some grammar parts lazily on first use and aborts (an assert in
// RangeToken) when two threads race there.
#include "xml/schema_set.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <vector>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/StringPool.hpp>

#include "iso20022/message_validator.h"
#include "support/pain001_builder.h"
#include "xml/hardened_reader.h"
#include "xml/xerces_runtime.h"

using namespace gw;

TEST_CASE("each parse leases compiled grammars of its own, and they are reused") {
  xml::XercesRuntime xerces;
  const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  const xercesc_3_2::XMLGrammarPool* first = nullptr;
  const xercesc_3_2::XMLGrammarPool* second = nullptr;
  {
    auto a = schemas->lease();
    auto b = schemas->lease();  // while `a` is out: a second compiled pool
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    first = a->pool();
    second = b->pool();
    CHECK(first != nullptr);
    CHECK(first != second);
  }
  // Both went back; the next two leases get them again, nothing new is compiled.
  auto c = schemas->lease();
  auto d = schemas->lease();
  REQUIRE(c.has_value());
  REQUIRE(d.has_value());
  CHECK(c->pool() != d->pool());
  CHECK((c->pool() == first || c->pool() == second));
  CHECK((d->pool() == first || d->pool() == second));
}

TEST_CASE("a document's namespace declarations do not stay in the grammars after its parse") {
  xml::XercesRuntime xerces;
  const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  // Each parse declares a namespace of its own, as an upload may (thousands,
  // 60 KB each): the locked pool's reader put them in the pool's string pool,
  // which Xerces empties only on unlocking, so they stayed until restart.
  const auto parse_declaring = [&](int n) {
    auto lease = schemas->lease();
    REQUIRE(lease.has_value());
    xercesc::DefaultHandler quiet;
    xml::HardenedReader reader(lease->pool(), quiet);
    const std::string document =
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\" "
        "xmlns:p=\"urn:x:" +
        std::to_string(n) + std::string(1000, 'u') + "\"/>";
    const xercesc::MemBufInputSource input(reinterpret_cast<const XMLByte*>(document.data()),
                                           document.size(), "test");
    reader.parse(input);
    return lease->pool()->getURIStringPool()->getStringCount();
  };
  const unsigned during_first = parse_declaring(0);
  for (int n = 1; n < 50; ++n) CHECK(parse_declaring(n) <= during_first);
  {
    auto lease = schemas->lease();  // the same pool, given back
    REQUIRE(lease.has_value());
    CHECK(lease->pool()->getURIStringPool()->getStringCount() < during_first);
  }
}

TEST_CASE("many threads validating at the same moment, just after loading, all agree") {
  xml::XercesRuntime xerces;
  std::vector<test::TestTransaction> txs;
  for (int i = 0; i < 20; ++i) {
    txs.push_back(
        {"E-" + std::to_string(i), 100 + i, "EUR", "LV56HABA8093972980635", "SIA \"Kreditors\""});
  }
  const std::string xml = test::build_pain001(
      "M-RACE", {test::TestBlock{"B-1", "LV06TREL1060000300001", "2026-11-24", txs}});
  constexpr int kThreads = 8;
  for (int round = 0; round < 10; ++round) {
    const auto schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
    const iso20022::MessageValidator validator(*schemas, {});
    std::latch start(kThreads);
    std::vector<int> accepted(kThreads, 0);
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
          start.arrive_and_wait();
          accepted[static_cast<std::size_t>(t)] =
              validator.validate_bytes(xml, std::chrono::year{2026} / 11 / 23).accepted() ? 1 : 0;
        });
      }
    }
    CHECK(std::count(accepted.begin(), accepted.end(), 1) == kThreads);
  }
}
