#include "ledger/ledger.h"

#include "core/log.h"
#include "ledger/ledger_store.h"

namespace weijian::ledger {

std::string entry_hash(std::int64_t seq, const std::string& time, std::int64_t actor_id, const std::string& actor_name,
                       std::int64_t department_id, const std::string& jurisdiction_path, const std::string& action,
                       const std::string& subject_type, const std::string& subject_id, const std::string& digest,
                       const std::string& prev_hash) {
  // A JSON array is an unambiguous encoding: no field can run into the next.
  const Json fields = Json::array({seq, time, actor_id, actor_name, department_id, jurisdiction_path, action,
                                   subject_type, subject_id, digest, prev_hash});
  return crypto::sm3_hex(fields.dump());
}

Result<std::int64_t> append(store::Conn& conn, store::Engine engine, const Event& e) {
  // One writer at a time extends the chain (SQLite's write lock already serialises).
  if (engine == store::Engine::postgresql) WJ_TRY(conn.query("SELECT pg_advisory_xact_lock(7210943)"));
  WJ_ASSIGN_OR_RETURN(auto last, store_ops::head(conn));
  Entry n;
  n.seq = last ? last->seq + 1 : 1;
  n.prev_hash = last ? last->hash : kGenesisHash;
  n.time = utc_now_iso();
  n.actor_id = e.actor_id;
  n.actor_name = e.actor_name;
  n.department_id = e.department_id;
  n.jurisdiction_path = e.jurisdiction_path;
  n.action = e.action;
  n.subject_type = e.subject_type;
  n.subject_id = e.subject_id;
  // nlohmann's dump sorts object keys: the canonical form of the change.
  n.change = e.change.dump(-1, ' ', false, Json::error_handler_t::replace);
  n.digest = crypto::sm3_hex(n.change);
  n.hash = entry_hash(n.seq, n.time, n.actor_id, n.actor_name, n.department_id, n.jurisdiction_path, n.action,
                      n.subject_type, n.subject_id, n.digest, n.prev_hash);
  WJ_TRY(store_ops::insert(conn, n));
  return n.seq;
}

Result<Verification> verify(store::Db& db) {
  auto lease = db.acquire();
  if (!lease.ok()) return lease.error();
  Verification v;
  std::string prev = kGenesisHash;
  std::int64_t expected = 1;
  constexpr std::int64_t kBatch = 5000;
  for (;;) {
    WJ_ASSIGN_OR_RETURN(auto batch, store_ops::from_seq(**lease, expected, kBatch));
    for (const Entry& r : batch) {
      auto fail = [&](std::string why) {
        v.ok = false;
        v.first_bad_seq = r.seq;
        v.detail = "第 " + std::to_string(r.seq) + " 条记录" + why + "：该记录或其之前的记录可能被改动，请立即保全数据库并报告。";
        return v;
      };
      if (r.seq != expected) {
        v.ok = false;
        v.first_bad_seq = expected;
        v.detail = "缺少第 " + std::to_string(expected) + " 条记录（序号不连续）：记录可能被删除，请立即保全数据库并报告。";
        return v;
      }
      if (crypto::sm3_hex(r.change) != r.digest) return fail("的内容与其摘要不符");
      if (r.prev_hash != prev) return fail("与前一条记录的哈希链接不符");
      const std::string h = entry_hash(r.seq, r.time, r.actor_id, r.actor_name, r.department_id, r.jurisdiction_path,
                                       r.action, r.subject_type, r.subject_id, r.digest, r.prev_hash);
      if (h != r.hash) return fail("的哈希值与其内容不符");
      prev = h;
      ++expected;
      ++v.entries;
    }
    if (static_cast<std::int64_t>(batch.size()) < kBatch) break;
  }
  v.detail = "全部 " + std::to_string(v.entries) + " 条记录完整，哈希链连续无误。";
  return v;
}

std::string checkpoint_message(std::int64_t seq, const std::string& head_hash, const std::string& time) {
  return "weijian-ledger-checkpoint\n" + std::to_string(seq) + "\n" + head_hash + "\n" + time;
}

Result<Checkpoint> checkpoint(store::Db& db, const crypto::Sm2Signer& signer) {
  auto lease = db.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto last, store_ops::head(**lease));
  Checkpoint cp;
  cp.seq = last ? last->seq : 0;
  cp.head_hash = last ? last->hash : kGenesisHash;
  cp.time = utc_now_iso();
  auto sig = signer.sign(checkpoint_message(cp.seq, cp.head_hash, cp.time));
  if (!sig.ok()) return sig.error();
  cp.signature = *sig;
  return cp;
}

Json checkpoint_json(const Checkpoint& cp, const crypto::Sm2Signer& signer) {
  return {{"seq", cp.seq},
          {"head_hash", cp.head_hash},
          {"time", cp.time},
          {"algorithm", "SM2-with-SM3"},
          {"sm2_id", std::string(crypto::Sm2Signer::kDistinguishingId)},
          {"signed_message", checkpoint_message(cp.seq, cp.head_hash, cp.time)},
          {"signature", cp.signature},
          {"public_key_pem", signer.public_key_pem()}};
}

Result<bool> verify_checkpoint(const Json& cp, const std::string& public_key_pem) {
  if (!cp.is_object() || !cp.contains("seq") || !cp.contains("head_hash") || !cp.contains("time") ||
      !cp.contains("signature"))
    return errors::bad_request("检查点文件缺少 seq、head_hash、time 或 signature 字段。");
  const std::string msg = checkpoint_message(cp["seq"].get<std::int64_t>(), cp["head_hash"].get<std::string>(),
                                             cp["time"].get<std::string>());
  return crypto::Sm2Signer::verify(public_key_pem, msg, cp["signature"].get<std::string>());
}

}  // namespace weijian::ledger
