// libFuzzer target: arbitrary bytes through the hardened validator and the
// pain.001 / camt.060 rules. Anything but a clean return (crash, sanitizer
// report, leak, hang past -timeout) is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "iso20022/message_validator.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

namespace {

struct Fixture {
  gw::xml::XercesRuntime xerces;
  std::unique_ptr<gw::xml::SchemaSet> schemas =
      gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  gw::iso20022::MessageValidator validator{*schemas, {}};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;  // one Xerces runtime and grammar pool for the whole run
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto report = fixture.validator.validate_bytes(bytes, std::chrono::year{2026} / 11 / 23);
  // A report is either accepted or says why not.
  if (!report.accepted() && report.findings.empty()) __builtin_trap();
  return 0;
}
