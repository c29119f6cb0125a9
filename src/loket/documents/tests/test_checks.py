"""Uploads never live where the web server hands out files."""

from __future__ import annotations

from pathlib import Path

from pytest_django import Settings

from loket.documents.checks import upload_dir_outside_web_root


def test_the_default_upload_folder_passes() -> None:
    assert upload_dir_outside_web_root(None) == []


def test_an_upload_folder_under_the_static_root_is_an_error(settings: Settings) -> None:
    settings.LOKET_UPLOAD_DIR = Path(settings.STATIC_ROOT) / "uploads"
    [error] = upload_dir_outside_web_root(None)
    assert error.id == "documents.E001"


def test_an_upload_folder_under_the_media_root_is_an_error(
    settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_UPLOAD_DIR = tmp_path / "media" / "private"
    assert [e.id for e in upload_dir_outside_web_root(None)] == ["documents.E001"]
