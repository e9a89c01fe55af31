package org.switchboard.application;

import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.worker.Worker;

/** The {@code event_data} of worker events, with the keys TaskRouter's callbacks carry. */
final class WorkerData {

  private WorkerData() {}

  static String of(Worker worker) {
    return Jsons.createObjectBuilder()
        .add("worker_sid", worker.getSid())
        .add("worker_name", worker.getFriendlyName())
        .add("worker_attributes", worker.getAttributes())
        .add("worker_activity_sid", worker.getActivity().getSid())
        .add("worker_activity_name", worker.getActivity().getFriendlyName())
        .add("worker_available", worker.isAvailable())
        .build()
        .toString();
  }
}
