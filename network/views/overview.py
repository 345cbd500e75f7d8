from django.shortcuts import render


def network_overview(request):
    """/netzwerk/: what the network offers its members and how to join."""
    return render(request, "network/network_overview.html")
