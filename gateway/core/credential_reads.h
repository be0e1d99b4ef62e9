// How a decision made on a caller's credentials (an upload's, a signature's,
// a cancellation's) reads them again when the store's credential version
// moved between the read and the decision's transaction: any change of any
// credential moves it, so this is rare. The pause before each read again
// grows: the authenticator may go on seeing the old version for up to a
// second after a change that did not move the change epoch (made with the
// sqlite3 shell, say), and the reads must span that.
#pragma once

#include <chrono>
#include <thread>

namespace gw {

inline constexpr int kCredentialReads = 3;

// Before read number `attempt` (0 is the first, which does not wait).
inline void pause_before_credential_read(int attempt) {
  constexpr std::chrono::milliseconds kPause{600};
  if (attempt > 0) std::this_thread::sleep_for(kPause * attempt);
}

}  // namespace gw
