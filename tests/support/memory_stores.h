// In-memory identity and application stores for unit tests of what sits on
// top of them (authentication, routing): what a request reads is a field to
// set; whatever else is called fails as "not used here". Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::test {

inline Status unused() { return fail(ErrorCode::kInternal, "not used by this test double"); }

class MemoryIdentities : public store::IdentityStore {
 public:
  std::optional<store::CertificateRecord> certificate;
  std::int64_t version = 1;
  int reads = 0;  // find_certificate calls
  bool broken = false;
  std::vector<std::pair<std::string, std::string>> refusals;  // audited: serial, reason

  Result<std::optional<store::CertificateRecord>> find_certificate(const std::string&) override {
    ++reads;
    if (broken) return tl::unexpected(unused().error());
    return certificate;
  }
  Result<store::UserIdentity> user(std::int64_t n) override {
    return store::UserIdentity{n, "Grāmatvedība", "90000000001", "Iestāde"};
  }
  Result<std::int64_t> credential_version() override {
    if (broken) return tl::unexpected(unused().error());
    return version;
  }
  Status record_refusal(const std::string& serial, const std::string& reason,
                        const nlohmann::json&) override {
    refusals.emplace_back(serial, reason);
    return ok();
  }
  void queue_refusal(const std::string& serial, const std::string& reason,
                     const nlohmann::json& context) override {
    (void)record_refusal(serial, reason, context);
  }
  Result<std::int64_t> add_institution(const std::string&, const std::string&,
                                       const std::string&) override {
    return tl::unexpected(unused().error());
  }
  Result<std::optional<std::int64_t>> find_institution(const std::string&) override {
    return tl::unexpected(unused().error());
  }
  Status add_account(const std::string&, std::int64_t, const std::string&,
                     const std::string&) override {
    return unused();
  }
  Result<std::vector<std::int64_t>> users_of(std::int64_t) override {
    return tl::unexpected(unused().error());
  }
  Result<std::vector<store::InstitutionRecord>> institutions() override {
    return tl::unexpected(unused().error());
  }
  Result<std::int64_t> add_user(const std::string&, std::int64_t, const std::string&) override {
    return tl::unexpected(unused().error());
  }
  Status set_account_state(const std::string&, const std::string&, AccountState) override {
    return unused();
  }
  Status register_certificate(const std::string&, const store::NewCertificate&) override {
    return unused();
  }
  Status renew_certificate(const std::string&, const std::string&, const store::NewCertificate&,
                           const std::string&) override {
    return unused();
  }
  Status revoke_certificate(const std::string&, const std::string&, const std::string&) override {
    return unused();
  }
  Result<std::vector<store::CertificateRecord>> certificates() override {
    return tl::unexpected(unused().error());
  }
};

class MemoryApplications : public store::ApplicationStore {
 public:
  std::optional<store::ApplicationRow> application;

  Result<std::optional<store::ApplicationRow>> latest(std::int64_t) override { return application; }
  Result<store::Registration> register_application(const std::string&, const store::NewApplication&,
                                                   const GrantCheck&) override {
    return tl::unexpected(unused().error());
  }
  Status check_registration(const store::NewApplication&, const GrantCheck&) override {
    return unused();
  }
  Result<std::vector<store::ApplicationRow>> history(std::int64_t) override {
    return tl::unexpected(unused().error());
  }
  Result<std::vector<store::ApplicationRow>> current_all() override {
    return tl::unexpected(unused().error());
  }
  Result<std::vector<store::ApplicationRow>> current_signed_by(const std::string&) override {
    return tl::unexpected(unused().error());
  }
  Status terminate(const std::string&, std::int64_t) override { return unused(); }
  Status set_limit_change(const std::string&, std::int64_t, const std::string&, const std::string&,
                          policy::LimitChange, bool) override {
    return unused();
  }
  Result<std::optional<policy::LimitChange>> limit_change(std::int64_t, const std::string&,
                                                          const std::string&) override {
    return tl::unexpected(unused().error());
  }
};

}  // namespace gw::test
