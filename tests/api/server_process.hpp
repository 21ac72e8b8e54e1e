// A newsdesk-serve process for a test: started on a free loopback port, its port read from the
// "listening on http://HOST:PORT" line, stopped with SIGTERM (SIGKILL if it does not exit within
// a few seconds) when the object goes away. Standard error goes to a file, for assertions on
// the access log.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace newsdesk::test {

class ServerProcess {
  public:
    /// Runs `serve_bin --db DB --listen 127.0.0.1:0 EXTRA...`, standard error to `stderr_file`,
    /// and waits (up to 10 s) for its "listening on" line. Throws std::runtime_error when it
    /// exits or says nothing.
    ServerProcess(const std::string& serve_bin, const std::string& db,
                  const std::string& stderr_file, const std::vector<std::string>& extra = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }

    /// Sends `signal` and waits up to `timeout_ms` for the exit; returns the exit code, 128 + the
    /// signal number when a signal ended it, or -1 when it is still running.
    int stop(int signal, int timeout_ms = 10000);

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    int status_ = -1;
};

}  // namespace newsdesk::test
