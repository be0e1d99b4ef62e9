#include "authorisation/cancellation_statement.h"

#include "authorisation/statement_text.h"

namespace gw::authorisation {

std::string cancellation_statement(const store::CancellationSubject& subject,
                                   const std::vector<std::string>& end_to_end_ids) {
  std::string out;
  const auto line = [&out](std::string_view key, std::string_view value) {
    append_statement_line(out, key, value);
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
