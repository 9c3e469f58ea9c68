// Validates Kubernetes objects against the upstream OpenAPI schemas, as compiled into the
// kubernetes-models package (npm, MIT; installed here by scripts/install-deps).
// Input on stdin: a JSON array of objects. Output: one line per object, "ok KIND NAME" or
// "invalid KIND NAME: what"; exit status 1 if any is invalid, 3 if a kind has no schema here.
"use strict";
const models = {
  "v1/Pod": () => require("kubernetes-models/v1/Pod").Pod,
  "v1/PodTemplate": () => require("kubernetes-models/v1/PodTemplate").PodTemplate,
  "v1/ReplicationController": () => require("kubernetes-models/v1/ReplicationController").ReplicationController,
  "apps/v1/Deployment": () => require("kubernetes-models/apps/v1/Deployment").Deployment,
  "apps/v1/StatefulSet": () => require("kubernetes-models/apps/v1/StatefulSet").StatefulSet,
  "apps/v1/DaemonSet": () => require("kubernetes-models/apps/v1/DaemonSet").DaemonSet,
  "apps/v1/ReplicaSet": () => require("kubernetes-models/apps/v1/ReplicaSet").ReplicaSet,
  "batch/v1/Job": () => require("kubernetes-models/batch/v1/Job").Job,
  "batch/v1/CronJob": () => require("kubernetes-models/batch/v1/CronJob").CronJob,
};
const objects = JSON.parse(require("fs").readFileSync(0, "utf8"));
let status = 0;
for (const o of objects) {
  const key = `${o.apiVersion}/${o.kind}`;
  const name = (o.metadata && o.metadata.name) || "?";
  if (!models[key]) {
    console.log(`no schema ${o.kind} ${name} (${o.apiVersion})`);
    status = Math.max(status, 3);
    continue;
  }
  try {
    new (models[key]())(o).validate();
    console.log(`ok ${o.kind} ${name}`);
  } catch (e) {
    console.log(`invalid ${o.kind} ${name}: ${e.message}`);
    status = 1;
  }
}
process.exit(status);
