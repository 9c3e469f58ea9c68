#include "place/failures.hpp"

#include <algorithm>

namespace allot::place_detail {
namespace {

/// Whether `small` asks no more than `big` in replicas and in every resource.
bool at_most(const std::vector<Amount>& small_request, Amount small_replicas, const std::vector<Amount>& big_request,
             Amount big_replicas) {
  if (big_replicas < small_replicas) return false;
  for (std::size_t r = 0; r < small_request.size(); ++r)
    if (big_request[r] < small_request[r]) return false;
  return true;
}

}  // namespace

FailureMemo::PerCluster& FailureMemo::of(Strategy strategy, std::size_t tier, std::size_t selector) {
  std::string key;
  auto put = [&key](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(strategy);
  put(tier);
  put(selector);
  auto& per_cluster = classes_[std::move(key)];
  if (per_cluster.empty()) per_cluster.resize(clusters_);
  return per_cluster;
}

bool FailureMemo::known(const std::vector<Failure>& failures, const Group& g) {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const Failure& f) { return at_most(f.request, f.replicas, g.request, g.replicas); });
}

void FailureMemo::remember(std::vector<Failure>& failures, const Group& g) {
  Failure f{g.request, g.replicas};
  // One that asks at least as much as the new one is implied by it.
  std::erase_if(failures, [&](const Failure& k) { return at_most(f.request, f.replicas, k.request, k.replicas); });
  if (failures.size() == kKept) failures.erase(failures.begin());
  failures.push_back(std::move(f));
}

}  // namespace allot::place_detail
