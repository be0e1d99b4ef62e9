// Applications typed into the operator console that wait for a second
// operator (schemas/0027_application_proposals.sql): one operator proposes,
// another approves (the registration itself, ApplicationStore with
// NewApplication::approval, settles the proposal in its own transaction) or
// refuses; the proposer may withdraw. Thread-safe; every change is written
// with an audit row in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct ApplicationProposal {
  std::int64_t id = 0;
  std::string document;       // the application JSON, as the form made it
  std::string registered_at;  // UTC ISO 8601
  bool institution_renamed = false;
  std::string registration_number;
  std::string institution_name;
  std::optional<std::int64_t> user_number;  // a replacement's user
  // That user's newest application: given by the caller (the one the form
  // was filled from), or else read by propose().
  std::optional<std::int64_t> replaces_application_id;
  std::string proposed_by;    // the audit actor
  std::string proposer_name;  // the operator certificate's name
  std::string proposer_serial;
  std::string proposed_at;
  // Set once decided: registered, refused or withdrawn.
  std::optional<std::string> outcome;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::string reason;
  std::optional<std::int64_t> registered_user;
};

class ApplicationProposalStore {
 public:
  virtual ~ApplicationProposalStore() = default;

  // Stores a waiting proposal (id and outcome are the store's); returns its
  // id. A replacement is refused (kInvalidArgument) when the user has no
  // current application, or when replaces_application_id is given and the
  // user's newest application is another.
  virtual Result<std::int64_t> propose(const ApplicationProposal& proposal) = 0;
  virtual Result<std::optional<ApplicationProposal>> find(std::int64_t id) = 0;
  // Those waiting, oldest first.
  virtual Result<std::vector<ApplicationProposal>> waiting() = 0;
  // Ends a waiting proposal unregistered: withdrawn by its proposer, or
  // refused by another operator. kInvalidArgument when it was decided already.
  virtual Status set_aside(const std::string& actor, std::int64_t id, bool withdrawn,
                           const std::string& reason) = 0;

 protected:
  ApplicationProposalStore() = default;
  ApplicationProposalStore(const ApplicationProposalStore&) = default;
  ApplicationProposalStore& operator=(const ApplicationProposalStore&) = default;
};

}  // namespace gw::store
