#include "authorisation/cancellation_statement.h"

#include <fmt/format.h>

namespace gw::authorisation {

std::string cancellation_statement(const store::CancellationSubject& subject,
                                   const std::vector<std::string>& end_to_end_ids) {
  std::string out;
  const auto line = [&out](std::string_view key, std::string_view value) {
    std::string text(value);
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // one line per field, always
    }
    out += fmt::format("{}: {}\n", key, text);
  };
  line("Statement", "treasury payment cancellation, version 1");
  line("File", std::to_string(subject.message_id));
  line("MsgId", subject.msg_id);
  line("SHA-256", subject.content_sha256);
  for (const auto& iban : subject.debtor_ibans) line("Debtor account", iban);
  if (end_to_end_ids.empty()) {
    line("Payments", "all not yet executed");
  } else {
    for (const auto& id : end_to_end_ids) line("EndToEndId", id);
  }
  return out;
}

}  // namespace gw::authorisation
