package org.switchboard.telephony.agi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.switchboard.application.CallService;
import org.switchboard.domain.call.CallNames;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.SwitchboardException;
import org.switchboard.domain.task.Task;

/**
 * Turns a call into a voice task of the workflow the dialplan named. The task's attributes are what
 * the dialplan passed plus the call: {@code call_sid} (the channel's uniqueid), {@code from}
 * (caller id number), {@code to} (dialled number), {@code channel} and {@code language}. The caller
 * waits in the ConfBridge conference {@code switchboard-<task sid>}.
 */
@ApplicationScoped
public class TaskCallEnqueuer implements CallEnqueuer {

  /** The conference a task's caller waits in and its worker is bridged into. */
  public static String conferenceOf(String taskSid) {
    return CallNames.conferenceOf(taskSid);
  }

  @Inject private CallService calls;

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    JsonObjectBuilder attributes;
    try (JsonReader reader = Jsons.createReader(new StringReader(request.attributesJson()))) {
      attributes = Jsons.createObjectBuilder(reader.readObject());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("attributes are not a JSON object");
    }
    put(attributes, "call_sid", request.uniqueId());
    put(attributes, "from", request.callerId());
    put(attributes, "to", request.dnid());
    put(attributes, "channel", request.channel());
    put(attributes, "language", request.language());
    JsonObject merged = attributes.build();
    try {
      Task task =
          calls.enqueue(
              new CallService.InboundCall(
                  request.workspaceSid(),
                  request.workflow(),
                  merged.toString(),
                  request.priority(),
                  request.timeoutSeconds(),
                  request.uniqueId(),
                  request.channel()));
      return new EnqueueResult(task.getSid(), conferenceOf(task.getSid()));
    } catch (SwitchboardException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void put(JsonObjectBuilder attributes, String key, String value) {
    if (value != null) {
      attributes.add(key, value);
    }
  }
}
