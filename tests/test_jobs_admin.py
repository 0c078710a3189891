"""Staff see failed jobs with their error and can retry them; others cannot."""
from django.contrib.auth.models import Permission
from django.urls import reverse

from jobs_fixtures import job_rows, wait_for
from marketplace.testing import jobs as test_jobs
from marketplace.testing.factories import UserFactory

CHANGELIST = "admin:otop_jobs_failedjob_changelist"


def _failed_job(key):
    job_id = test_jobs.fails_once.defer(key=key)
    wait_for(lambda: [j for j in job_rows() if j["id"] == job_id and j["status"] == "failed"], what="the failure")
    return job_id


def _staff(*permissions):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="otop_jobs", codename__in=permissions))
    return user


def test_staff_see_a_failed_job_with_its_error_and_retry_it(client, worker):
    # given a job that failed, and staff allowed to retry jobs
    job_id = _failed_job("supplier-7")
    client.force_login(_staff("view_failedjob", "retry_failedjob"))

    # when they open the failed jobs and retry that one
    page = client.get(reverse(CHANGELIST))
    retried = client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [job_id]}, follow=True)

    # then the page showed the job with its error, and the worker ran it again, successfully
    assert page.status_code == 200
    assert "fails_once" in page.text and "ValueError: the supplier&#x27;s file for supplier-7 is empty" in page.text
    assert retried.status_code == 200
    wait_for(lambda: test_jobs.runs("supplier-7", "finished"), what="the retried job")


def test_someone_not_staff_cannot_see_or_retry_failed_jobs(client, worker):
    # given a failed job and a signed-in shopper
    job_id = _failed_job("supplier-8")
    client.force_login(UserFactory(is_staff=False))

    # when the shopper opens the page and posts the retry action
    page = client.get(reverse(CHANGELIST))
    posted = client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [job_id]})

    # then both are sent to the admin's login and the job stays failed
    assert page.status_code == 302 and "/login/" in page["Location"]
    assert posted.status_code == 302 and "/login/" in posted["Location"]
    assert [j["status"] for j in job_rows() if j["id"] == job_id] == ["failed"]


def test_staff_without_the_permission_cannot_retry(client, worker):
    # given a failed job and staff who may look at failed jobs but not retry them
    job_id = _failed_job("supplier-9")
    client.force_login(_staff("view_failedjob"))

    # when they post the retry action
    page = client.get(reverse(CHANGELIST))
    posted = client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [job_id]})

    # then the page offers no retry and the job stays failed
    assert page.status_code == 200 and "supplier-9" in page.text
    assert 'value="retry"' not in page.text
    assert posted.status_code in (200, 302)
    assert [j["status"] for j in job_rows() if j["id"] == job_id] == ["failed"]
