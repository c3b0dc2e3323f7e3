from django.tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    from jianxian.core import actions

    return actions.send_notification_email(notification_id=notification_id)
