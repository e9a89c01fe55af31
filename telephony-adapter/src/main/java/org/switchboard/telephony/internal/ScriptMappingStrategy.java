package org.switchboard.telephony.internal;

import java.util.Map;
import java.util.logging.Logger;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.MappingStrategy;

/**
 * Maps the script name of {@code agi://host:port/<name>?…} to a script. An unknown name is logged
 * and answered by a script that sets SWITCHBOARD_STATUS=error, so the dialplan never waits.
 */
public final class ScriptMappingStrategy implements MappingStrategy {

  private static final Logger LOG = Logger.getLogger(ScriptMappingStrategy.class.getName());

  private final Map<String, AgiScript> scripts;

  public ScriptMappingStrategy(Map<String, AgiScript> scripts) {
    this.scripts = Map.copyOf(scripts);
  }

  @Override
  public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
    if (request.getScript() == null) {
      LOG.warning(() -> "Malformed AGI request without a script name from " + request.getChannel());
      return (req, ch) -> EnqueueAgiScript.fail(ch, "no script named in the AGI request");
    }
    AgiScript script = scripts.get(request.getScript());
    if (script != null) {
      return script;
    }
    LOG.warning(
        () -> "Unknown AGI script '" + request.getScript() + "' from " + request.getChannel());
    return (req, ch) -> EnqueueAgiScript.fail(ch, "unknown script: " + req.getScript());
  }
}
