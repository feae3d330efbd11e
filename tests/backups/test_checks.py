from django.core.checks import registry

from backups.checks import backup_passphrase


def test_the_deploy_check_warns_when_backups_cannot_run(settings):
    settings.BACKUP_PASSPHRASE = ""

    assert [message.id for message in backup_passphrase(None)] == ["backups.W001"]
    assert backup_passphrase in registry.registry.get_checks(
        include_deployment_checks=True
    )
    assert backup_passphrase not in registry.registry.get_checks()


def test_the_deploy_check_is_quiet_with_a_passphrase(settings):
    settings.BACKUP_PASSPHRASE = "set"

    assert backup_passphrase(None) == []
