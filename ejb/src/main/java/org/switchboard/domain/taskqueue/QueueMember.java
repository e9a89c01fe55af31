package org.switchboard.domain.taskqueue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One worker that a queue's {@code target_workers} lets in. Read-only for JPA: the rows are written
 * by {@code routing.QueueMembership} whenever a worker's attributes or a queue's expression change,
 * and queries join on them to find a queue's workers.
 */
@Entity
@Table(name = "task_queue_member")
@IdClass(QueueMember.Key.class)
public class QueueMember {

  @Id
  @Column(name = "task_queue_sid", length = 34, insertable = false, updatable = false)
  private String queueSid;

  @Id
  @Column(name = "worker_sid", length = 34, insertable = false, updatable = false)
  private String workerSid;

  protected QueueMember() {}

  public String getQueueSid() {
    return queueSid;
  }

  public String getWorkerSid() {
    return workerSid;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    private String queueSid;
    private String workerSid;

    public Key() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(queueSid, key.queueSid)
          && Objects.equals(workerSid, key.workerSid);
    }

    @Override
    public int hashCode() {
      return Objects.hash(queueSid, workerSid);
    }
  }
}
