// The accept loop both listeners share: keep accepting until the acceptor closes or the owner
// is gone, and back off instead of spinning when accept fails (EMFILE and friends).
#pragma once

#include <boost/asio.hpp>

#include <chrono>
#include <memory>
#include <utility>

namespace vrrp::control {

/// Accepts one connection and hands it to `on_accept(shared, socket)`, then accepts again.
/// `weak` is the owner's liveness token; `retry` the owner's back-off timer.
template <typename Acceptor, typename Owned, typename OnAccept>
void accept_loop(Acceptor& acceptor, boost::asio::steady_timer& retry, std::weak_ptr<Owned> weak,
                 OnAccept on_accept) {
  acceptor.async_accept([&acceptor, &retry, weak, on_accept = std::move(on_accept)](
                            const boost::system::error_code& ec, typename Acceptor::protocol_type::socket socket) {
    auto shared = weak.lock();
    if (!shared || ec == boost::asio::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      retry.expires_after(std::chrono::milliseconds(100));
      retry.async_wait([&acceptor, &retry, weak, on_accept](const boost::system::error_code& e) {
        if (!e && weak.lock()) accept_loop(acceptor, retry, weak, on_accept);
      });
      return;
    }
    on_accept(shared, std::move(socket));
    accept_loop(acceptor, retry, weak, on_accept);
  });
}

}  // namespace vrrp::control
