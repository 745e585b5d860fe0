"""The backup's serialisation: Django's JSON, except that times keep their microseconds.

DjangoJSONEncoder writes datetimes to the millisecond (ECMA-262 style), so a backup in
plain ``json`` would not give back the rows it was made from (every ``updated_at``,
history date and event time would change). Registered as ``sakipjson`` in
settings.SERIALIZATION_MODULES; read back by Django's own JSON deserializer."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer as JsonDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer

Deserializer = JsonDeserializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
