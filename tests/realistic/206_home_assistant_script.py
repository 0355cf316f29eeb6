# policy: strict
# mode: body
# inputs: {"entity_id": "light.kitchen", "brightness_pct": "140", "states": {"sun.sun": "below_horizon", "light.kitchen": "off"}}
# expect: {"domain":"light","service":"turn_on","service_data":{"entity_id":"light.kitchen","brightness":153}}
import logging

logger = logging.getLogger("homeassistant.components.python_script.dim_lights")
data = inputs
entity_id = data.get("entity_id")
pct = max(0, min(100, int(data.get("brightness_pct", 50))))
if data["states"].get("sun.sun") == "below_horizon":
    pct = min(pct, 60)
if entity_id is None:
    logger.warning("no entity_id given")
    return None
logger.info("Setting %s to %d%%", entity_id, pct)
service = "turn_on" if pct else "turn_off"
return {"domain": "light", "service": service, "service_data": {"entity_id": entity_id, "brightness": round(pct * 255 / 100)}}
