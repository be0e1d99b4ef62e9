#include "reports/account_reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "core/scratch_file.h"
#include "policy/report_version.h"
#include "reports/entry_details.h"
#include "reports/transaction_code.h"

namespace gw::reports {
namespace {

using iso20022::ReportKind;
constexpr int kMaxDays = 366;
// Reports of one user, account and kind made at the same moment by other
// processes on the same store: each retry means one of them was delivered.
constexpr int kNumberAttempts = 16;
// MsgId is Max35Text.
constexpr std::size_t kMaxMsgId = 35;

std::string compact(const std::string& date) {
  std::string out;
  for (const char c : date) {
    if (c != '-') out += c;
  }
  return out;
}

// The last element tree decoded: a block's lines (and a file's) come one
// after another, so its tree is decoded once, not once per payment.
class LastDecoded {
 public:
  const Element& of(const std::string& stored) {
    if (!decoded_ || stored != stored_) {
      stored_ = stored;
      tree_ = decode_elements(stored);
      decoded_ = true;
    }
    return tree_;
  }

 private:
  bool decoded_ = false;
  std::string stored_;
  Element tree_;
};

// Of a block's details and of its file's initiating party.
struct DecodedDetails {
  LastDecoded blocks;
  LastDecoded initiating_parties;
};

iso20022::ReportEntry entry_of(const store::StatementLine& l, const std::string& iban,
                               DecodedDetails& decoded) {
  iso20022::ReportEntry e;
  e.amount_minor = l.amount_minor;
  e.currency = l.currency;
  if (l.instructed_currency != l.currency) {
    e.instructed_minor = l.instructed_minor;
    e.instructed_currency = l.instructed_currency;
    if (l.currency == "EUR") e.exchange_rate_micro = l.fx_rate_micro;
  }
  e.booking_date = l.booking_date;
  e.value_date = l.value_date;
  e.reference = l.reference;
  e.end_to_end_id = l.end_to_end_id;
  e.remittance = decode_remittance(l.remittance);
  const bool internal = ledger::is_treasury_iban(l.counterparty_iban);
  if (l.kind == "funding") {
    e.family = "MCOP";
    e.sub_family = "OTHR";
    e.debtor.name = l.counterparty_name;
    e.creditor_account.iban = iban;
    return e;
  }
  e.debtor.name = l.debtor_name;
  e.creditor.name = l.creditor_name;
  e.creditor_agent.bic = l.creditor_bic;
  if (l.amount_minor < 0) {  // money out: this account is the debtor
    e.family = "ICDT";
    // The payer's own references (its file, block, instruction) are for the
    // payer's statement; the payee gets the end-to-end one, as from a bank:
    // its accounting matches Refs/PmtInfId and InstrId against its own files.
    e.msg_id = l.msg_id;
    e.pmt_inf_id = l.pmt_inf_id;
    e.instr_id = l.instr_id;
    e.debtor_account.iban = iban;
    e.creditor_account.iban = l.counterparty_iban;
  } else {
    e.family = "RCDT";
    e.debtor_account.iban = l.counterparty_iban;
    e.creditor_account.iban = iban;
  }
  const Element& block = decoded.blocks.of(l.block_details);
  const Element payment = decode_elements(l.payment_details);
  e.sub_family = credit_transfer_sub_family(internal, l.counterparty_iban, l.instructed_currency,
                                            service_level_of(block, payment));
  add_payment_details(block, payment, e);
  e.initiating_party = party_of(decoded.initiating_parties.of(l.initiating_party).find("InitgPty"));
  return e;
}

// Writes a line as an entry, or as a payment of a batch entry (opened with
// its first line and ended when a line of another entry comes). A batch's
// lines arrive together; a batch of one is an ordinary entry. `open_batch`:
// the batch being written, 0 for none.
void write_line(iso20022::AccountReportWriter& writer, const store::StatementLine& line,
                const std::string& iban, std::int64_t& open_batch, DecodedDetails& decoded) {
  const std::int64_t batch = line.batch_lines > 1 ? line.batch : 0;
  if (open_batch != 0 && batch != open_batch) writer.end_batch();
  const auto entry = entry_of(line, iban, decoded);
  if (batch == 0) {
    writer.entry(entry);
  } else {
    if (batch != open_batch) {
      // The batch entry's code is its payments' when they share one (each
      // payment's own is in its TxDtls); for a mix, OTHR rather than the
      // first's, which would promise, say, SEPA for a payment abroad.
      iso20022::ReportEntry head = entry;
      if (!line.batch_uniform && head.sub_family != "SALA") head.sub_family = "OTHR";
      // Its own reference, the same in every report of the day: accounting
      // systems key imported entries on Ntry/AcctSvcrRef. TRB, the block, the
      // day (TRL is a journal entry's: the batch's payments keep theirs).
      writer.begin_batch(head, line.batch_lines, line.batch_sum_minor,
                         fmt::format("TRB{:012}-{}", batch, compact(line.booking_date)));
    }
    writer.batch_transaction(entry);
  }
  open_batch = batch;
}

// The day's number among the business days of its year: 1 for the first.
std::int64_t business_day_of_year(const BusinessCalendar& calendar, CivilDate day) {
  std::int64_t number = 0;
  const auto first = std::chrono::sys_days{day.year() / std::chrono::January / 1};
  for (auto d = first; d <= std::chrono::sys_days{day}; d += std::chrono::days{1}) {
    if (calendar.is_business_day(CivilDate{d})) ++number;
  }
  return number;
}

// The heading of a report of `iban` on `day`: its totals and, but for a
// camt.054, its balances.
iso20022::AccountSection day_section(const std::string& iban, ReportKind kind,
                                     const std::string& day,
                                     const store::LedgerStore::DayFigures& figures) {
  const auto& totals = figures.totals;
  iso20022::AccountSection section;
  section.id = fmt::format("{}-{}", iban, compact(day));
  section.from_date = day;
  section.to_date = day;
  section.totals = {totals.credit_count, totals.credit_sum, totals.debit_count, totals.debit_sum};
  const std::int64_t closing = figures.opening + totals.credit_sum - totals.debit_sum;
  if (kind == ReportKind::kStatement) {
    section.balances = {{"OPBD", figures.opening, day}, {"CLBD", closing, day}};
  } else if (kind == ReportKind::kIntraday) {
    section.balances = {
        {"OPBD", figures.opening, day}, {"ITBD", closing, day}, {"ITAV", closing, day}};
  }
  return section;
}

// What a report says of its day, as ReportNumber::content_mark: the day's
// figures, and a statement's number (a closing day declared meanwhile moves it).
std::string content_mark(const store::LedgerStore::DayFigures& f,
                         std::optional<std::int64_t> legal) {
  return fmt::format("{}/{}/{}/{}/{}/{}", f.opening, f.totals.credit_count, f.totals.credit_sum,
                     f.totals.debit_count, f.totals.debit_sum, legal.value_or(0));
}

}  // namespace

CivilDate earliest_report_day(CivilDate business) {
  // Five calendar years back, a 29 February to the 28th.
  const std::chrono::year_month_day back{business.year() - std::chrono::years{5}, business.month(),
                                         business.day()};
  return back.ok() ? back : CivilDate{back.year() / back.month() / std::chrono::last};
}

std::string report_msg_id(std::int64_t user_number, const std::string& iban,
                          const std::string& kind, std::int64_t number) {
  // The BBAN (the IBAN without country and check digits, which follow from
  // it) and the kind's number: "TREL1060000300001-053-7-42".
  const std::string bban = iban.size() > 4 ? iban.substr(4) : iban;
  const std::string kind_number = kind.size() > 5 ? kind.substr(5) : kind;
  return fmt::format("{}-{}-{}-{}", bban, kind_number, user_number, number);
}

Result<store::LedgerStore::DayFigures> AccountReports::write_report(
    const std::string& iban, const std::string& currency, ReportKind kind,
    const std::string& version, const std::string& day, const std::string& created_at,
    const Numbering& numbering, const std::filesystem::path& out) const {
  store::LedgerStore::DayFigures read;
  auto written = write_document(iban, currency, kind, version, created_at, numbering, out,
                                [&](const BeginAccount& begin, const LineVisitor& each) {
                                  return ledger_store_.read_day(
                                      iban, day,
                                      [&](const store::LedgerStore::DayFigures& figures) {
                                        read = figures;
                                        begin(day_section(iban, kind, day, figures));
                                        return ok();
                                      },
                                      each);
                                });
  if (!written) return tl::unexpected(written.error());
  return read;
}

Status AccountReports::write_document(
    const std::string& iban, const std::string& currency, ReportKind kind,
    const std::string& version, const std::string& created_at, const Numbering& numbering,
    const std::filesystem::path& out,
    const std::function<Status(const BeginAccount&, const LineVisitor&)>& read) const {
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!file) return fail(ErrorCode::kIo, "cannot write " + out.string());
  std::vector<char> buffer(1 << 20);
  file.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  iso20022::AccountReportWriter writer(file, kind, version, numbering.msg_id, created_at);
  bool begun = false;
  const BeginAccount begin = [&](iso20022::AccountSection section) {
    section.sequence = numbering.electronic;
    section.legal_sequence = numbering.legal;
    section.created_at = created_at;
    section.iban = iban;
    section.currency = currency;
    writer.begin_account(section);
    begun = true;
  };
  std::int64_t open_batch = 0;
  DecodedDetails decoded;
  if (auto s = read(begin,
                    [&](const store::StatementLine& line) {
                      write_line(writer, line, iban, open_batch, decoded);
                      return static_cast<bool>(file);
                    });
      !s) {
    return s;
  }
  if (!begun) return fail(ErrorCode::kInternal, "a report without its account's heading");
  if (open_batch != 0) writer.end_batch();
  writer.end_account();
  writer.finish();
  file.close();
  if (!file) return fail(ErrorCode::kIo, "cannot write " + out.string());
  return ok();
}

Result<AccountReports::Delivered> AccountReports::number_and_deliver(
    store::ReportNumber number, ReportKind kind, const std::string& version,
    const std::string& created_at, std::optional<std::int64_t> legal, const std::string& what,
    const std::function<Result<std::string>(const Numbering&, const std::filesystem::path&)>& write)
    const {
  const std::string type = iso20022::report_message_type(kind, version);
  // Written with the next number and delivered only while that number is
  // still the next: another report of the same user, account and kind
  // taking it in between means writing again (store/mailbox_store.h).
  const auto stripe = std::hash<std::string>{}(
                          fmt::format("{}/{}/{}", number.user_number, number.iban, number.kind)) %
                      numbering_.size();
  const std::lock_guard one_at_a_time(numbering_[stripe]);
  for (int attempt = 1;; ++attempt) {
    auto next = mailbox_.next_report_number(number.user_number, number.iban, number.kind);
    if (!next) return tl::unexpected(next.error());
    number.number = *next;
    auto scratch = ScratchFile::create(scratch_dir_, "report-");
    if (!scratch) return tl::unexpected(scratch.error());
    const auto& path = scratch->path();
    const Numbering numbering{report_msg_id(number.user_number, number.iban, number.kind, *next),
                              *next, legal};
    if (numbering.msg_id.size() > kMaxMsgId) {
      return fail(ErrorCode::kInternal, fmt::format("report MsgId {} is longer than {} characters",
                                                    numbering.msg_id, kMaxMsgId));
    }
    auto mark = write(numbering, path);
    if (!mark) return tl::unexpected(mark.error());
    number.content_mark = std::move(*mark);
    if (auto s = validator_.check_outgoing_file(path, type, what); !s) {
      return tl::unexpected(s.error());
    }
    auto id = mailbox_.deliver_report(number, type, path, created_at);
    // A pushed notification whose mark moved on is not written again: what
    // moved it delivered those lines.
    if (!id && id.error().code == ErrorCode::kAlreadyExists && attempt < kNumberAttempts &&
        !number.notified_line) {
      continue;
    }
    if (!id) return tl::unexpected(id.error());
    std::error_code ec;
    return Delivered{*id, type, static_cast<std::uint64_t>(std::filesystem::file_size(path, ec))};
  }
}

Result<NotifyOutcome> AccountReports::notify(std::chrono::system_clock::time_point now) const {
  const std::string created_at = format_utc_timestamp(now);
  auto due = ledger_store_.notifications_due(created_at);
  if (!due) return tl::unexpected(due.error());
  NotifyOutcome outcome;
  for (const auto& d : *due) {
    store::ReportNumber number{d.user_number, d.iban, "camt.054", 0, d.up_to_line, d.after_line};
    auto sent = number_and_deliver(
        std::move(number), ReportKind::kNotification, d.report_version, created_at, std::nullopt,
        fmt::format("the notification of {} to user {}", d.iban, d.user_number),
        [&](const Numbering& numbering, const std::filesystem::path& out) -> Result<std::string> {
          auto written = write_document(
              d.iban, d.currency, ReportKind::kNotification, d.report_version, created_at,
              numbering, out, [&](const BeginAccount& begin, const LineVisitor& each) {
                iso20022::AccountSection section;
                section.id = fmt::format("{}-L{}", d.iban, d.up_to_line);
                begin(std::move(section));
                return ledger_store_.lines_between(d.iban, d.after_line, d.up_to_line, each);
              });
          if (!written) return tl::unexpected(written.error());
          return std::string{};  // a pushed notification is never handed out again
        });
    if (sent) {
      ++outcome.delivered;
    } else if (sent.error().code != ErrorCode::kAlreadyExists) {
      // One that fails does not hold up the others; it is due again next run.
      // (kAlreadyExists: another process moved the mark, or a report took the
      // number; the next run sends what is still due.)
      ++outcome.failed;
      if (outcome.first_error.empty()) {
        outcome.first_error =
            fmt::format("{} to user {}: {}", d.iban, d.user_number, sent.error().message);
      }
    }
  }
  return outcome;
}

RequestMessage AccountReports::read_request_message(
    const std::filesystem::path& file, std::chrono::system_clock::time_point now) const {
  RequestMessage message{validator_.validate_file(file, riga_date(now)), {}};
  if (!message.validation.accepted()) return message;
  message.requests.reserve(message.validation.requests.size());
  for (const auto& r : message.validation.requests) {
    message.requests.push_back(report_request_of(r));
  }
  return message;
}

Result<std::map<std::string, ProducedReport>> AccountReports::final_reports_delivered(
    std::int64_t user_number, const std::string& iban, const std::string& message_type,
    const std::vector<std::string>& days) const {
  std::map<std::string, ProducedReport> found;
  // An intraday report may change with every booking (unchanged_report).
  if (days.empty() || message_type.starts_with("camt.052")) return found;
  store::AccountReportQuery query;
  query.accounts = {{user_number, iban}};
  query.message_type = message_type;
  query.first_day = days.front();
  query.last_day = days.back();
  query.final_only = true;
  // A day delivered final more than once (a race of two requests) counts
  // once; days past the limit are only written again.
  query.limit = static_cast<int>(days.size()) * 2 + 16;
  auto reports = mailbox_.account_reports(query);
  if (!reports) return tl::unexpected(reports.error());
  for (const auto& report : *reports) {  // newest first: the newest of a day is kept
    const auto& e = report.entry;
    found.try_emplace(e.report_day, ProducedReport{e.id, e.message_type, e.report_day,
                                                   static_cast<std::uint64_t>(e.size_bytes)});
  }
  return found;
}

Result<std::optional<ProducedReport>> AccountReports::unchanged_report(
    std::int64_t user_number, const std::string& iban, const std::string& message_type,
    const std::string& day, std::optional<std::int64_t> legal) const {
  // Figures read after the report's snapshot include everything it read
  // (and lines are only added): equal figures, the same lines.
  auto figures = ledger_store_.day_figures(iban, day);
  if (!figures) return tl::unexpected(figures.error());
  store::AccountReportQuery query;
  query.accounts = {{user_number, iban}};
  query.message_type = message_type;
  query.first_day = day;
  query.last_day = day;
  query.limit = 1;
  auto newest = mailbox_.account_reports(query);
  if (!newest) return tl::unexpected(newest.error());
  // Only the newest of the day: an older one with the same figures (the
  // clock set back, bookings that came back to them) would number backwards.
  if (newest->empty() || newest->front().content_mark != content_mark(*figures, legal)) {
    return std::nullopt;
  }
  const auto& e = newest->front().entry;
  return ProducedReport{e.id, e.message_type, e.report_day,
                        static_cast<std::uint64_t>(e.size_bytes)};
}

Result<std::vector<ProducedReport>> AccountReports::produce(
    std::int64_t user_number, const std::vector<policy::GrantedAccount>& accounts,
    const std::vector<ReportRequest>& requests, std::chrono::system_clock::time_point now) const {
  // Every request checked before any is written: a refused one leaves none
  // of the others behind in the mailbox.
  std::vector<Plan> plans;
  plans.reserve(requests.size());
  for (const auto& request : requests) {
    auto planned = plan(accounts, request, now);
    if (!planned) return tl::unexpected(planned.error());
    plans.push_back(std::move(*planned));
  }
  std::vector<ProducedReport> produced;
  for (const auto& planned : plans) {
    auto made = deliver(user_number, planned, now);
    if (!made) return made;
    produced.insert(produced.end(), made->begin(), made->end());
  }
  return produced;
}

Result<AccountReports::Plan> AccountReports::plan(
    const std::vector<policy::GrantedAccount>& accounts, const ReportRequest& request,
    std::chrono::system_clock::time_point now) const {
  const auto grant = std::find_if(accounts.begin(), accounts.end(),
                                  [&](const auto& a) { return a.iban == request.iban; });
  if (grant == accounts.end()) {
    return fail(ErrorCode::kPermissionDenied,
                fmt::format("account {} is not in the user's application", request.iban));
  }
  const std::string version =
      request.version.empty() ? std::string(policy::kDefaultReportVersion) : request.version;
  if (!policy::is_report_version(version)) {
    return fail(ErrorCode::kInvalidArgument, "version must be 001.02 or 001.08");
  }
  auto business = ledger_.business_date(now);
  if (!business) return tl::unexpected(business.error());
  auto calendar = ledger_.calendar();
  if (!calendar) return tl::unexpected(calendar.error());
  const std::string from = request.from.empty() ? *business : request.from;
  const std::string to = request.to.empty() ? from : request.to;
  const auto from_date = parse_iso_date(from);
  const auto to_date = parse_iso_date(to);
  if (!from_date || !to_date || *to_date < *from_date) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("bad period {} .. {}: YYYY-MM-DD, from <= to", from, to));
  }
  if ((std::chrono::sys_days{*to_date} - std::chrono::sys_days{*from_date}).count() >= kMaxDays) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("a period covers at most {} days", kMaxDays));
  }
  const auto business_date = parse_iso_date(*business);
  if (!business_date) return fail(ErrorCode::kInternal, "the ledger's business date is no date");
  const CivilDate earliest = earliest_report_day(*business_date);
  if (*from_date < earliest) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("reports reach back to {} (five years before the business date {})",
                            format_iso_date(earliest), *business));
  }
  const bool today_in_range = from <= *business && *business <= to;
  std::string kind = request.kind;
  if (kind.empty()) kind = today_in_range && from == to ? "camt.052" : "camt.053";
  if (kind != "camt.052" && kind != "camt.053" && kind != "camt.054") {
    return fail(ErrorCode::kInvalidArgument, "type must be camt.052, camt.053 or camt.054");
  }
  if (kind == "camt.052" && !today_in_range) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("camt.052 reports the business date {} only", *business));
  }

  // The days: camt.052 today; camt.053 every business day of the period
  // before today (or today once it is closed); camt.054 every business day
  // of the period up to today, booked so far.
  std::vector<std::string> days;
  if (kind == "camt.052") {
    days.push_back(*business);
  } else {
    auto closed_today = ledger_store_.day_closed(*business);
    if (!closed_today) return tl::unexpected(closed_today.error());
    const bool through_today = kind == "camt.054" || *closed_today;
    for (auto d = std::chrono::sys_days{*from_date}; d <= std::chrono::sys_days{*to_date};
         d += std::chrono::days{1}) {
      const CivilDate day{d};
      const std::string text = format_iso_date(day);
      if (!calendar->is_business_day(day)) continue;
      if (text > *business || (text == *business && !through_today)) continue;
      days.push_back(text);
    }
    if (days.empty()) {
      return fail(
          ErrorCode::kInvalidArgument,
          kind == "camt.054"
              ? fmt::format("no business day in {} .. {} up to today ({})", from, to, *business)
              : fmt::format("no closed business day in {} .. {} (today {} is reported "
                            "by camt.052 until its end of day)",
                            from, to, *business));
    }
  }
  return Plan{request.iban, grant->currency, kind, version, std::move(days), std::move(*calendar)};
}

Result<std::vector<ProducedReport>> AccountReports::deliver(
    std::int64_t user_number, const Plan& plan, std::chrono::system_clock::time_point now) const {
  // Not a structured binding: the lambda below captures these (clang 14).
  const std::string& iban = plan.iban;
  const std::string& currency = plan.currency;
  const std::string& kind = plan.kind;
  const std::string& version = plan.version;
  const ReportKind report_kind = kind == "camt.052"   ? ReportKind::kIntraday
                                 : kind == "camt.053" ? ReportKind::kStatement
                                                      : ReportKind::kNotification;
  const std::vector<std::string>& days = plan.days;
  const BusinessCalendar& calendar = plan.calendar;
  const std::string created_at = format_utc_timestamp(now);
  auto delivered = final_reports_delivered(user_number, iban, kind + "." + version, days);
  if (!delivered) return tl::unexpected(delivered.error());
  std::vector<ProducedReport> produced;
  for (const auto& day : days) {
    if (const auto again = delivered->find(day); again != delivered->end()) {
      produced.push_back(again->second);
      continue;
    }
    std::optional<std::int64_t> legal;
    if (report_kind == ReportKind::kStatement) {
      legal = business_day_of_year(calendar, *parse_iso_date(day));
    }
    // Read before the journal is: a day closed by then gets nothing more
    // booked (LedgerCore::run_due checks in each transaction), so the report
    // is whole and final. One closed while it is written is not marked.
    bool final = false;
    if (report_kind != ReportKind::kIntraday) {
      auto closed = ledger_store_.day_closed(day);
      if (!closed) return tl::unexpected(closed.error());
      final = *closed;
    }
    if (!final) {  // a day still open: the last report, while the day's figures hold
      auto same = unchanged_report(user_number, iban, kind + "." + version, day, legal);
      if (!same) return tl::unexpected(same.error());
      if (*same) {
        produced.push_back(**same);
        continue;
      }
    }
    auto sent = number_and_deliver(
        store::ReportNumber{user_number, iban, kind, 0, std::nullopt, 0, day, final}, report_kind,
        version, created_at, legal, fmt::format("the report for {} on {}", iban, day),
        [&](const Numbering& numbering, const std::filesystem::path& out) -> Result<std::string> {
          auto figures =
              write_report(iban, currency, report_kind, version, day, created_at, numbering, out);
          if (!figures) return tl::unexpected(figures.error());
          return content_mark(*figures, legal);
        });
    if (!sent) return tl::unexpected(sent.error());
    produced.push_back(ProducedReport{sent->mailbox_id, sent->message_type, day, sent->size_bytes});
  }
  return produced;
}

ReportRequest report_request_of(const rules::ReportingRequest& request) {
  ReportRequest out{request.iban, request.message_name, request.from_date, request.to_date, {}};
  // camt.053.001.08: the kind is what comes before the second dot, the
  // version what follows it. A name of another shape is kept whole as the
  // kind, so that the report refuses it by name.
  const std::string& name = request.message_name;
  const auto first_dot = name.find('.');
  const auto second_dot =
      first_dot == std::string::npos ? first_dot : name.find('.', first_dot + 1);
  if (second_dot != std::string::npos) {
    out.kind = name.substr(0, second_dot);
    out.version = name.substr(second_dot + 1);
  }
  return out;
}

}  // namespace gw::reports
