"""What the store notices while it opens a case (its warnings) is said in the language the person chose:
the sentences are translated where they are made, as the window and every command show them."""

from __future__ import annotations

from evidencekit.i18n import using_language
from evidencekit.store import CaseStore, KeyringAccess, layout
from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import SampleFactory

SPANISH = [
    "El punto de control de este caso (checkpoint.ekc) está dañado o incompleto; no se ha usado.",
    "El llavero de este ordenador guarda una constancia del registro de custodia de este caso que evidencekit no "
    "escribió con la clave del caso; no se ha tenido en cuenta, y se sustituirá la próxima vez que se guarde algo.",
    "Este ordenador no tenía constancia del registro de custodia de este caso (es un caso nuevo o se ha movido de "
    "sitio); desde ahora la guarda.",
]
ENGLISH = [
    "This case's checkpoint (checkpoint.ekc) is damaged or incomplete; it was not used.",
    "This computer's keyring holds a record of this case's journal that evidencekit did not write with the case's "
    "key; it was ignored and is replaced at the next save.",
    "This computer had no record of this case's journal (new or moved case); one was made now.",
]


def test_the_stores_warnings_are_in_the_language_in_use(make_sample_case: SampleFactory,
                                                         keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    for language, expected in (("es", SPANISH), ("en", ENGLISH)):
        checkpoint = sample.folder / layout.CHECKPOINT
        checkpoint.write_bytes(checkpoint.read_bytes()[:40])
        keyring_access.backend.set_password(SERVICE, f"head:{sample.id}", "not written with the case's key")
        sample.anchor.unlink()
        with using_language(language):
            with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
                assert store.warnings == expected
                assert store.verify().ok
