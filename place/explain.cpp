#include "place/explain.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace allot::place_detail {

std::vector<Reason> Explainer::limit_blocks(const Job& j, Strategy strategy, const Tier* tier,
                                            const std::vector<Amount>& total) const {
  const Tier* team_tier = nullptr;
  if (!j.team.empty())
    if (const auto t = policy_.tier_for_team(j.team); t.has_value()) team_tier = &policy_.tiers[*t];
  const bool whole_gang = strategy == Strategy::strict_pack;
  std::vector<Reason> out;
  for (std::size_t r = 0; r < total.size(); ++r) {
    const Amount per_replica = j.largest_request(r);
    if (total[r] == 0 && per_replica == 0) continue;
    auto check = [&](const Tier* t, Scope scope, LimitScope as, Amount amount, const std::string& who) {
      if (t == nullptr) return;
      if (const Limit* l = t->limit(scope, r); l && amount > l->max)
        out.emplace_back(LimitBlock{as, tier_index(t), r, who, amount, l->max, l->location});
    };
    check(tier, Scope::job, LimitScope::job, total[r], {});
    if (!j.user.empty())
      check(tier, Scope::user, LimitScope::user, sat_add(holdings_.user(j.user, r), total[r]), j.user);
    check(tier, Scope::node, whole_gang ? LimitScope::gang_on_node : LimitScope::node,
          whole_gang ? total[r] : per_replica, {});
    check(tier, Scope::cluster, LimitScope::cluster, total[r], {});
    check(team_tier, Scope::team, LimitScope::team, sat_add(holdings_.team(j.team, r), total[r]), j.team);
  }
  return out;
}

void Explainer::explain_clusters(const Job& j, std::size_t job_index, Strategy strategy, const Tier* tier,
                                 const std::vector<Amount>& total, const Clusters& where, std::size_t near_misses,
                                 Unplaced& u) const {
  if (!j.cluster.empty() && !where.every && where.listed.empty()) u.reasons.emplace_back(UnknownCluster{j.cluster});
  if (!u.reasons.empty()) return;  // a limit blocks it wherever it goes: that is the reason
  const bool whole_gang = strategy == Strategy::strict_pack;
  const std::vector<std::size_t> order = whole_gang ? std::vector<std::size_t>{0} : group_order(j);
  auto ask_for = [&](std::size_t g) {
    return Ask{job_index, g, tier, whole_gang ? total : j.groups[g].request, whole_gang, j.groups.size()};
  };
  auto short_alone = [&](const Survey& s, std::size_t g) {
    return s.holders == 0 || s.replicas_possible < (whole_gang ? 1 : j.groups[g].replicas);
  };
  // A gang of several shapes is explained by the first group (largest replicas of the
  // primary resource first, as placing tries them) that the cluster cannot hold alone; when
  // each fits alone, by the first group: together they do not. Surveys it into `s`.
  Survey scratch;
  auto choose = [&](std::size_t c, Survey& s, bool counts_only) {
    std::size_t chosen = order.front();
    bool chosen_short = false;
    for (std::size_t k = 0; k < order.size(); ++k) {
      Survey& now = k == 0 ? s : scratch;
      survey_into(c, ask_for(order[k]), now, counts_only);
      const bool alone = short_alone(now, order[k]);
      if (k == 0) chosen_short = alone;
      else if (alone && !chosen_short) std::swap(s, scratch), chosen = order[k], chosen_short = true;
      if (alone) break;
    }
    return chosen;
  };
  const std::size_t count = where.every ? inv_.clusters.size() : where.listed.size();
  const std::size_t shown = std::min(near_misses, count);
  // Every cluster counts towards what the fleet lacks; only the nearest are explained in
  // full, so a cluster is first surveyed for its rank alone (or, for every cluster at once,
  // ranked from the fleet sets when they can answer).
  std::vector<Rank> ranks;
  FleetShortfall fleet;
  Survey s;
  if (!(where.every && order.size() == 1 && rank_fleet(ask_for(order[0]), strategy, total, shown, fleet, ranks))) {
    std::vector<std::size_t> clusters = where.listed;
    if (where.every) {
      const bool spread = strategy == Strategy::spread || strategy == Strategy::strict_spread;
      for (const auto& [key, c] : spread ? usage_.clusters_by_free_desc() : usage_.clusters_by_free()) clusters.push_back(c);
    }
    ranks.reserve(clusters.size());
    fleet.clusters = clusters.size();
    std::vector<std::size_t> short_of(policy_.resources.size(), 0);
    for (std::size_t i = 0; i < clusters.size(); ++i) {
      const std::size_t c = clusters[i];
      choose(c, s, true);
      const bool at_limit = cluster_limits(c, tier, total, nullptr);
      fleet.clusters_at_limit += at_limit;
      fleet.nodes += inv_.clusters[c].nodes.size();
      fleet.holders += s.holders;
      fleet.not_matching += s.not_matching;
      for (std::size_t r = 0; r < short_of.size(); ++r) short_of[r] += s.short_of[r];
      ranks.push_back({at_limit, s.replicas_possible, s.holders, c, {static_cast<Amount>(i), 0}});
    }
    for (std::size_t r = 0; r < short_of.size(); ++r)
      if (short_of[r] > 0) fleet.short_of.emplace_back(r, short_of[r]);
  }
  // The nearest first: no per-cluster limit in the way, then the most replicas (gangs, for
  // strict-pack) the cluster could take, then the most nodes that can hold one, then the
  // order clusters are tried in.
  fleet.shown = shown;
  std::partial_sort(ranks.begin(), ranks.begin() + static_cast<std::ptrdiff_t>(fleet.shown), ranks.end(),
                    [](const Rank& a, const Rank& b) { return a.nearer(b); });
  if (fleet.shown < count) u.reasons.emplace_back(std::move(fleet));
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t c = ranks[k].cluster;
    cluster_limits(c, tier, total, &u.reasons);
    const std::size_t g = choose(c, s, false);
    const Ask ask = ask_for(g);
    ClusterShortfall f = shortfall(c, j, strategy, ask, s);
    f.only_apart = !whole_gang && j.groups.size() > 1 && f.holders > 0 && f.replicas_possible >= f.replicas_needed;
    hints(c, j, ask, s, f, u.hints);
    u.reasons.emplace_back(std::move(f));
  }
}

bool Explainer::rank_fleet(const Ask& ask, Strategy strategy, const std::vector<Amount>& total, std::size_t shown,
                           FleetShortfall& fleet, std::vector<Rank>& ranks) const {
  const std::size_t R = ask.need.size(), clusters = inv_.clusters.size();
  if (clusters == 0) return false;
  const std::size_t f = fleet_set(ask);
  if (f == kNoSet) return false;
  // Every cluster's survey is indexed (survey_into) when no per-node limit is below the
  // capacity of any node the selector matches, and the job asks for something.
  std::size_t walk = R;  // the resource the fewest nodes have enough of
  std::vector<std::size_t> short_of(R, 0);
  for (std::size_t r = 0; r < R; ++r) {
    if (ask.need[r] == 0) continue;
    if (ask.tier != nullptr)
      if (const Limit* l = ask.tier->limit(Scope::node, r); l && l->max < usage_.fleet_max_capacity(f, r)) return false;
    const auto below = usage_.fleet_below(f, r, ask.need[r]);
    if (!below) return false;
    short_of[r] = *below;
    if (walk == R || short_of[r] > short_of[walk]) walk = r;
  }
  if (walk == R) return false;
  // The sums of survey_indexed over the clusters.
  fleet.clusters = clusters;
  for (const auto& cluster : inv_.clusters) fleet.nodes += cluster.nodes.size();
  fleet.not_matching = fleet.nodes - usage_.fleet_size(f);
  for (std::size_t r = 0; r < R; ++r)
    if (short_of[r] > 0) fleet.short_of.emplace_back(r, short_of[r]);
  fleet.clusters_at_limit = clusters_at_limit(ask.tier, total);
  // The nodes that hold a replica, per cluster: those with enough of `walk`, checked for the
  // rest. Summing in another order than survey_indexed's changes nothing: sat_add of
  // amounts that are never negative is the true sum, or kMaxAmount; and the clusters met are
  // ranked by a key that ties never.
  if (holders_at_.size() != clusters) holders_at_.assign(clusters, 0), possible_at_.assign(clusters, 0);
  std::vector<std::size_t> holding;  // clusters with a node that holds one, as first met
  if (fleet_room(f, ask.need))  // else none does
    usage_.fleet_visit(f, walk, ask.need[walk], [&](std::size_t n) {
      Amount can = kMaxAmount;
      for (std::size_t r = 0; r < R && can > 0; ++r)
        if (ask.need[r] > 0) can = std::min(can, usage_.free(n, r) / ask.need[r]);
      if (can == 0) return true;
      const std::size_t c = inv_.nodes[n].cluster;
      if (holders_at_[c]++ == 0) holding.push_back(c);
      possible_at_[c] = sat_add(possible_at_[c], ask.whole_gang ? 1 : can);
      return true;
    });
  const bool spread = strategy == Strategy::spread || strategy == Strategy::strict_spread;
  auto rank = [&](std::size_t c) {
    const Amount key = usage_.cluster_key(c);
    return Rank{cluster_limits(c, ask.tier, total, nullptr), possible_at_[c], holders_at_[c], c,
                {spread ? -key : key, c}};
  };
  for (auto c : holding) {
    fleet.holders += holders_at_[c];
    ranks.push_back(rank(c));
  }
  // Of the clusters no node of which holds a replica, those no limit stops rank by order
  // alone, so only the first `shown` can be nearest; those a limit stops come after every
  // other, likewise by order, and are needed only when the walk reaches the end anyway.
  std::size_t open = 0, stopped = 0;
  auto consider = [&](std::size_t c) {
    if (holders_at_[c] > 0) return;
    const Rank k = rank(c);
    if (!k.at_limit) ++open, ranks.push_back(k);
    else if (stopped < shown) ++stopped, ranks.push_back(k);
  };
  if (spread) {
    for (auto it = usage_.clusters_by_free_desc().begin(); open < shown && it != usage_.clusters_by_free_desc().end(); ++it)
      consider(it->second);
  } else {
    for (auto it = usage_.clusters_by_free().begin(); open < shown && it != usage_.clusters_by_free().end(); ++it)
      consider(it->second);
  }
  for (auto c : holding) holders_at_[c] = 0, possible_at_[c] = 0;
  return true;
}

std::size_t Explainer::clusters_at_limit(const Tier* tier, const std::vector<Amount>& total) const {
  if (tier == nullptr) return 0;
  if (marked_.size() != inv_.clusters.size()) marked_.assign(inv_.clusters.size(), 0);
  std::vector<std::size_t> found;
  for (std::size_t r = 0; r < total.size(); ++r) {
    const Limit* l = tier->limit(Scope::cluster, r);
    if (!l || total[r] == 0 || total[r] > l->max) continue;
    // What a cluster holds only pushes it further over: the clusters over are a tail.
    const auto& by_used = usage_.clusters_by_used(r);
    for (auto it = by_used.rbegin(); it != by_used.rend() && sat_add(it->first, total[r]) > l->max; ++it)
      if (!marked_[it->second]) marked_[it->second] = 1, found.push_back(it->second);
  }
  for (auto c : found) marked_[c] = 0;
  return found.size();
}

bool Explainer::fleet_room(std::size_t f, const std::vector<Amount>& need) const {
  if (no_room_.size() <= f) no_room_.resize(f + 1);
  auto& known = no_room_[f];
  // Whether `small` asks no more than `big` of any resource.
  auto at_most = [](const std::vector<Amount>& small, const std::vector<Amount>& big) {
    for (std::size_t r = 0; r < small.size(); ++r)
      if (small[r] > big[r]) return false;
    return true;
  };
  for (const auto& k : known)
    if (at_most(k, need)) return false;
  if (usage_.fleet_has_room(f, need)) return true;
  std::erase_if(known, [&](const std::vector<Amount>& k) { return at_most(need, k); });
  if (known.size() == kNoRoomKept) known.erase(known.begin());
  known.push_back(need);
  return false;
}

std::size_t Explainer::fleet_set(const Ask& ask) const {
  const std::size_t id = selectors_.id(ask.job_index, ask.group);
  if (ask.whole_gang)
    for (std::size_t g = 0; g < ask.groups; ++g)
      if (selectors_.id(ask.job_index, g) != id) return kNoSet;
  return fleet_set(id);
}

std::size_t Explainer::fleet_set(std::size_t id) const {
  if (fleet_sets_.size() <= id) fleet_sets_.resize(id + 1, 0);
  if (fleet_sets_[id] == 0) {
    std::vector<std::size_t> nodes;
    for (std::size_t c = 0; c < inv_.clusters.size(); ++c) {
      const auto& in_c = id == 0 ? inv_.clusters[c].nodes : selectors_.matching_nodes(id, c);
      nodes.insert(nodes.end(), in_c.begin(), in_c.end());
    }
    fleet_sets_[id] = usage_.add_fleet_set(nodes) + 1;
  }
  return fleet_sets_[id] - 1;
}

std::vector<std::size_t> Explainer::group_order(const Job& j) const {
  const std::size_t primary = policy_.find_resource("gpu").value_or(0);
  std::vector<std::size_t> order(j.groups.size());
  for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return j.groups[a].request[primary] > j.groups[b].request[primary];
  });
  std::erase_if(order, [&](std::size_t g) { return j.groups[g].replicas == 0; });
  if (order.empty()) order.push_back(0);
  return order;
}

/// Per-cluster limits that what the cluster holds leaves no room under, added to `out` when
/// given; whether there is one. The job alone over one is a limit block already.
bool Explainer::cluster_limits(std::size_t c, const Tier* tier, const std::vector<Amount>& total,
                               std::vector<Reason>* out) const {
  if (tier == nullptr) return false;
  bool any = false;
  for (std::size_t r = 0; r < total.size(); ++r) {
    const Limit* l = tier->limit(Scope::cluster, r);
    const Amount held = usage_.cluster_used(c, r);
    if (l && total[r] > 0 && total[r] <= l->max && sat_add(held, total[r]) > l->max) {
      any = true;
      if (out == nullptr) return true;
      out->emplace_back(ClusterLimitReached{c, tier_index(tier), r, held, l->max, total[r], l->location});
    }
  }
  return any;
}

void Explainer::survey_reset(const Ask& ask, Survey& s) const {
  const std::size_t R = ask.need.size();
  s.not_matching = s.holders = 0;
  s.replicas_possible = 0;
  s.short_of.assign(R, 0);
  s.best.assign(R, std::nullopt);
  s.hint_node.assign(R, std::nullopt);
  s.best_room.assign(R, 0);
  s.hint_room.assign(R, 0);
  s.node_limit.assign(R, kMaxAmount);
  if (ask.tier != nullptr)
    for (std::size_t r = 0; r < R; ++r)
      if (const Limit* l = ask.tier->limit(Scope::node, r)) s.node_limit[r] = l->max;
}

void Explainer::survey_into(std::size_t c, const Ask& ask, Survey& s, bool counts_only) const {
  survey_reset(ask, s);
  if (const std::size_t set = node_set(c, ask); set != kNoSet && indexable(set, ask, s)) {
    survey_indexed(set, ask, s, counts_only);
    s.not_matching = inv_.clusters[c].nodes.size() - usage_.set_size(set);
  } else {
    survey_scan(c, ask, s);
  }
}

void Explainer::survey_scan(std::size_t c, const Ask& ask, Survey& s) const {
  for (auto n : inv_.clusters[c].nodes) {
    if (matches(ask, n)) survey_node(n, ask, s);
    else ++s.not_matching;
  }
}

std::size_t Explainer::node_set(std::size_t c, const Ask& ask) const {
  const std::size_t id = selectors_.id(ask.job_index, ask.group);
  if (ask.whole_gang)
    for (std::size_t g = 0; g < ask.groups; ++g)
      if (selectors_.id(ask.job_index, g) != id) return kNoSet;
  if (id == 0) return c;
  if (selector_sets_.size() <= id) selector_sets_.resize(id + 1);
  auto& sets = selector_sets_[id];
  if (sets.empty()) sets.assign(inv_.clusters.size(), 0);
  if (sets[c] == 0) sets[c] = usage_.add_node_set(selectors_.matching_nodes(id, c)) + 1;
  return sets[c] - 1;
}

bool Explainer::indexable(std::size_t set, const Ask& ask, const Survey& s) const {
  bool asks = false;
  for (std::size_t r = 0; r < ask.need.size(); ++r) {
    if (ask.need[r] == 0) continue;
    asks = true;
    if (s.node_limit[r] < usage_.max_capacity(set, r)) return false;
  }
  return asks;
}

void Explainer::survey_indexed(std::size_t set, const Ask& ask, Survey& s, bool counts_only) const {
  using Entry = std::pair<Amount, std::size_t>;
  const auto& need = ask.need;
  const std::size_t R = need.size(), nodes = usage_.set_size(set);
  std::size_t fewest = R;  // the resource the fewest nodes have enough of
  for (std::size_t r = 0; r < R; ++r) {
    if (need[r] == 0) continue;
    s.short_of[r] = usage_.nodes_below(set, r, need[r]);
    if (fewest == R || s.short_of[r] > s.short_of[fewest]) fewest = r;
    if (s.short_of[r] == 0 || counts_only) continue;
    // The most free below the need, on the first node (in inventory order) that has it.
    const auto& sorted = usage_.sorted_by_free(set, r);
    const Amount most = sorted[s.short_of[r] - 1].first;
    s.best[r] = std::lower_bound(sorted.begin(), sorted.end(), Entry{most, 0})->second;
    s.best_room[r] = most;
  }
  // The nodes that hold the job have enough of every resource, of `fewest` first of all.
  auto enough_but = [&](std::size_t n, std::size_t except) {
    for (std::size_t r = 0; r < R; ++r)
      if (r != except && need[r] > 0 && usage_.free(n, r) < need[r]) return false;
    return true;
  };
  const auto& by_fewest = usage_.sorted_by_free(set, fewest);
  for (std::size_t i = s.short_of[fewest]; i < nodes; ++i) {
    const std::size_t n = by_fewest[i].second;
    if (!enough_but(n, fewest)) continue;
    Amount can = kMaxAmount;
    for (std::size_t r = 0; r < R; ++r)
      if (need[r] > 0) can = std::min(can, usage_.free(n, r) / need[r]);
    ++s.holders;
    s.replicas_possible = sat_add(s.replicas_possible, ask.whole_gang ? 1 : can);
  }
  if (s.holders > 0 || counts_only) return;  // hints name a node only when none holds the job
  // A hint names a node short of this resource alone, with some of it free (asking for
  // nothing is no hint): the most free, on the first such node in inventory order.
  for (std::size_t r = 0; r < R; ++r) {
    if (s.short_of[r] == 0) continue;
    // The nodes with some but not enough of it free, walked down from the most free; or, when
    // fewer nodes have enough of another resource (as a hint's node must), those.
    const std::size_t none = usage_.nodes_below(set, r, 1);
    if (none == s.short_of[r]) continue;
    std::size_t other = R;
    for (std::size_t o = 0; o < R; ++o)
      if (o != r && need[o] > 0 && (other == R || s.short_of[o] > s.short_of[other])) other = o;
    if (other != R && nodes - s.short_of[other] < s.short_of[r] - none) {
      const auto& sorted = usage_.sorted_by_free(set, other);
      for (std::size_t i = s.short_of[other]; i < nodes; ++i) {
        const std::size_t n = sorted[i].second;
        const Amount room = usage_.free(n, r);
        if (room == 0 || room >= need[r] || !enough_but(n, r)) continue;
        if (!s.hint_node[r] || room > s.hint_room[r] || (room == s.hint_room[r] && n < *s.hint_node[r]))
          s.hint_node[r] = n, s.hint_room[r] = room;
      }
      continue;
    }
    const auto& sorted = usage_.sorted_by_free(set, r);
    for (std::size_t i = s.short_of[r]; i > none; --i) {
      if (!enough_but(sorted[i - 1].second, r)) continue;
      const Amount room = sorted[i - 1].first;  // the first node with as much
      for (auto k = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), Entry{room, 0}) - sorted.begin());; ++k)
        if (enough_but(sorted[k].second, r)) {
          s.hint_node[r] = sorted[k].second;
          s.hint_room[r] = room;
          break;
        }
      break;
    }
  }
}

bool Explainer::matches(const Ask& ask, std::size_t n) const {
  if (!ask.whole_gang) return selectors_.matches(ask.job_index, ask.group, n);
  for (std::size_t g = 0; g < ask.groups; ++g)
    if (!selectors_.matches(ask.job_index, g, n)) return false;
  return true;
}

void Explainer::survey_node(std::size_t n, const Ask& ask, Survey& s) const {
  Amount can = kMaxAmount;
  std::size_t shorts = 0, the_short = 0;
  Amount short_room = 0;
  for (std::size_t r = 0; r < ask.need.size(); ++r) {
    if (ask.need[r] == 0) continue;
    const Amount room = usage_.room_within(n, r, s.node_limit[r]);
    can = std::min(can, room / ask.need[r]);
    if (room < ask.need[r]) {
      ++s.short_of[r];
      ++shorts;
      the_short = r;
      short_room = room;
      if (!s.best[r] || s.best_room[r] < room) s.best[r] = n, s.best_room[r] = room;
    }
  }
  // A hint names only a node that lacks nothing else, so asking for less really fits.
  if (shorts == 1 && (!s.hint_node[the_short] || s.hint_room[the_short] < short_room))
    s.hint_node[the_short] = n, s.hint_room[the_short] = short_room;
  if (can > 0) {
    ++s.holders;
    s.replicas_possible = sat_add(s.replicas_possible, ask.whole_gang ? 1 : can);
  }
}

ClusterShortfall Explainer::shortfall(std::size_t c, const Job& j, Strategy strategy, const Ask& ask,
                                      const Survey& s) const {
  ClusterShortfall f;
  f.cluster = c;
  f.nodes = inv_.clusters[c].nodes.size();
  f.holders = s.holders;
  f.whole_gang = ask.whole_gang;
  f.replicas_possible = s.replicas_possible;
  f.replicas_needed = ask.whole_gang ? 1 : j.groups[ask.group].replicas;
  f.distinct_nodes_needed = strategy == Strategy::strict_spread ? j.replicas() : 0;
  if (!ask.whole_gang && j.groups.size() > 1) f.group = j.groups[ask.group].name;
  for (std::size_t r = 0; r < ask.need.size(); ++r)
    if (s.short_of[r] > 0)  // a node short of r is also the best one found so far
      f.short_of.push_back({r, s.short_of[r], *s.best[r], usage_.room(*s.best[r], r, ask.tier), ask.need[r]});
  f.not_matching = s.not_matching;
  return f;
}

/// What a replica could ask for to fit on a node that lacks one resource only, when no node
/// holds one; or how many more nodes like the ones that fit would hold the rest.
void Explainer::hints(std::size_t c, const Job& j, const Ask& ask, const Survey& s, const ClusterShortfall& f,
                      std::vector<Hint>& out) const {
  for (std::size_t r = 0; r < ask.need.size(); ++r) {
    if (!s.hint_node[r] || s.holders != 0) continue;
    const Amount room = usage_.room(*s.hint_node[r], r, ask.tier);
    const Amount per_replica = ask.whole_gang ? room / std::max<Amount>(1, j.replicas()) : room;
    if (per_replica > 0)
      out.emplace_back(SmallerRequest{c, *s.hint_node[r], r, per_replica, ask.whole_gang, f.group});
  }
  if (s.holders > 0 && f.replicas_possible < f.replicas_needed && !ask.whole_gang) {
    const Amount per_node = std::max<Amount>(1, f.replicas_possible / static_cast<Amount>(s.holders));
    const Amount more = (f.replicas_needed - f.replicas_possible + per_node - 1) / per_node;
    out.emplace_back(MoreNodes{c, more});
  }
}

}  // namespace allot::place_detail
